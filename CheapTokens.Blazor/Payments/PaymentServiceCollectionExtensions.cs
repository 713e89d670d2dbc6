using CheapTokens.Blazor.Configuration;
using CheapTokens.Core.Payments;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Payments;

public static class PaymentServiceCollectionExtensions
{
    /// <summary>
    /// The payment processor chosen by Payments:Processor (the sandbox's tables need <c>AddStorePersistence</c>). The
    /// store's own ledger, settlement and reconciliation come with <c>AddCheckout</c>.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PaymentsOptions>(configuration.GetSection(PaymentsOptions.SectionName), o => o.Validate());
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
