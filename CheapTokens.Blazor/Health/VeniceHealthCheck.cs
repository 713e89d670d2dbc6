using CheapTokens.Blazor.Http;
using Microsoft.Extensions.Options;
using CheapTokens.Blazor.Venice;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CheapTokens.Blazor.Health;

/// <summary>
/// Degraded while Venice cannot be reached: keys cannot be minted or changed, but the node still serves pages, prices,
/// orders already keyed and the pool's keys, and paid orders wait for Venice; so the node stays in the front's pool.
/// Probes <c>GET {base}/models</c> without a key (any answer below 500 counts), through <see cref="ReachabilityProbe"/>.
/// </summary>
public sealed class VeniceHealthCheck(ReachabilityProbe probe, IOptions<VeniceOptions> venice, AppAddress app) : IHealthCheck
{
    public const string Name = "venice";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        probe.CheckAsync(Name, VeniceBaseAddress.TryResolve(venice.Value, app) is { } root ? new Uri(root.ToString().TrimEnd('/') + "/models") : null, cancellationToken);
}
