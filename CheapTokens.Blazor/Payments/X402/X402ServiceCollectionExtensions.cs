using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Http;
using CheapTokens.Core.Payments;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheapTokens.Blazor.Payments.X402;

public static class X402ServiceCollectionExtensions
{
    /// <summary>
    /// USDC payments from agents over x402: the settings, what the store asks to be paid, the facilitator client, and the
    /// payment port routed so x402 orders settle, refund and reconcile through the same ledger as card orders. Call after
    /// the card processor is registered (<c>AddPayments</c>).
    /// </summary>
    public static IServiceCollection AddX402Payments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<X402Options>(configuration.GetSection(X402Options.SectionName), o => o.Validate());
        services.AddSingleton<X402Offers>();
        services.TryAddSingleton<AppAddress>();
        // The facilitator call's own timeout (Payments:X402:FacilitatorTimeoutSeconds) is the one that counts.
        services.AddHttpClient(FacilitatorClient.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(300));
        services.AddSingleton<FacilitatorClient>();
        services.AddSingleton<X402Settlements>();

        var cards = services.LastOrDefault(d => d.ServiceType == typeof(IPaymentProcessor))
                    ?? throw new InvalidOperationException("Register the card processor (AddPayments) before x402 payments.");
        services.Remove(cards);
        services.AddSingleton<IPaymentProcessor>(sp => new PaymentProcessorRouter(Resolve(sp, cards), sp.GetRequiredService<X402Settlements>()));
        return services;
    }

    private static IPaymentProcessor Resolve(IServiceProvider services, ServiceDescriptor descriptor) => (IPaymentProcessor)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
