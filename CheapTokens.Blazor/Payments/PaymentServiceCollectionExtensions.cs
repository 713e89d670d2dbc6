using CheapTokens.Blazor.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CheapTokens.Blazor.Configuration;
using CheapTokens.Core.Payments;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Payments;

public static class PaymentServiceCollectionExtensions
{
    /// <summary>
    /// The payment processor chosen by Payments:Processor (the sandbox is a stand-in reached over HTTP at the app's own
    /// address: the host maps it when the install uses it). The
    /// store's own ledger, settlement and reconciliation come with <c>AddCheckout</c>.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PaymentsOptions>(configuration.GetSection(PaymentsOptions.SectionName), o => o.Validate());
        services.TryAddSingleton<AppAddress>();
        services.AddHttpClient(SandboxPaymentProcessor.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(100));
        services.AddSingleton<SandboxPaymentProcessor>();
        services.AddSingleton<IPaymentProcessor>(sp => sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.Processor switch
        {
            PaymentsOptions.SandboxProcessor => sp.GetRequiredService<SandboxPaymentProcessor>(),
            // Registered by AddStripePayments.
            PaymentsOptions.StripeProcessor => sp.GetRequiredService<Stripe.StripePaymentProcessor>(),
            var other => throw new InvalidOperationException($"No payment processor named '{other}'."),
        });
        return services;
    }
}
