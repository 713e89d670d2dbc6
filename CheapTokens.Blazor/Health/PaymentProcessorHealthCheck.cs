using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Payments.Stripe;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Health;

/// <summary>
/// Degraded while Stripe (or the address configured as Stripe) cannot be reached: no card can be charged, but pages,
/// prices and orders already paid keep working, and payments already taken settle when it is back. Probes
/// <c>GET {ApiBase}/v1/</c> without a key (Stripe answers 401; any answer below 500 counts). The payment sandbox is
/// served by this app itself and is always Healthy.
/// </summary>
public sealed class PaymentProcessorHealthCheck(
    ReachabilityProbe probe, IOptions<PaymentsOptions> payments, IOptions<StripeOptions> stripe, AppAddress self) : IHealthCheck
{
    public const string Name = "payments";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (payments.Value.Processor != PaymentsOptions.StripeProcessor) return Task.FromResult(HealthCheckResult.Healthy("The payment sandbox, served by this app."));
        var options = stripe.Value;
        var target = options.UsesStandIn
            ? self.TryResolve((string.IsNullOrWhiteSpace(options.ApiBase) ? StripeOptions.StandInPath : options.ApiBase.TrimEnd('/')) + "/v1/")
            : new Uri(options.ApiBase.TrimEnd('/') + "/v1/");
        return probe.CheckAsync(Name, target, cancellationToken);
    }
}
