using CheapTokens.Core.Payments;

namespace CheapTokens.Blazor.Payments;

public static class PaymentServiceCollectionExtensions
{
    /// <summary>The sandbox gateway (needs <c>AddStorePersistence</c> for its Payments table).</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddSingleton<SandboxPaymentGateway>();
        services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<SandboxPaymentGateway>());
        return services;
    }
}
