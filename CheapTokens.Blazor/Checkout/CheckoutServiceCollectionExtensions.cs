using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Scheduling;
using CheapTokens.Blazor.Supply;
using CheapTokens.Core.Payments;
using Microsoft.Extensions.Options;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Passes;

namespace CheapTokens.Blazor.Checkout;

public static class CheckoutServiceCollectionExtensions
{
    /// <summary>
    /// Quotes and placing orders for credits and multi-day passes (options "Checkout" and "Passes"), idempotency
    /// records, and the store's payment ledger with its settlement (the app's <see cref="IPaymentSettlement"/>) and
    /// reconciliation job. Needs <c>AddOrders</c>, <c>AddPayments</c> and <c>AddScheduling</c>. Paid orders go to the registered <see cref="IProvisioningQueue"/>
    /// (the app's is <c>AddProvisioning</c>).
    /// </summary>
    public static IServiceCollection AddCheckout(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<CheckoutOptions>(configuration.GetSection(CheckoutOptions.SectionName), o => o.Validate());
        // The multi-day pass is sold through the same quotes and orders.
        services.AddValidatedOptions<PassOptions>(configuration.GetSection(PassOptions.SectionName), o => o.Validate());

        services.AddOptions<UnpaidHoldLimits>().Configure<IOptions<CheckoutOptions>, IOptions<PaymentsOptions>>((limits, checkout, payments) =>
        {
            limits.PerAddress = checkout.Value.UnpaidOrdersPerAddress;
            limits.PerEmail = checkout.Value.UnpaidOrdersPerEmail;
            limits.HoldPercent = checkout.Value.UnpaidHoldPercent;
            limits.PaymentWindow = payments.Value.InPagePaymentWindow;
            limits.ReconcileInterval = payments.Value.ReconcileInterval;
        });

        services.AddSingleton<KeyedLocks>();
        services.AddSingleton<SalesGate>();
        services.AddSingleton<QuoteService>();
        services.AddSingleton<PassDateAvailability>();
        services.AddSingleton<IdempotencyRecords>();
        services.AddSingleton<PaymentLedger>();
        services.AddSingleton<PaymentSettlement>();
        services.AddSingleton<IPaymentSettlement>(sp => sp.GetRequiredService<PaymentSettlement>());
        services.AddRecurringJob<PaymentReconciliation>(sp => sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.ReconcileInterval);
        services.AddHostedService<ReconcileAtStartup>();
        services.AddSingleton<OrderPayment>();
        services.AddSingleton<CheckoutPayment>();
        services.AddSingleton<IdempotentCheckout>();
        services.AddSingleton<ClientOrderLimits>();
        services.AddSingleton<SellingLimits>();
        services.AddSingleton<CheckoutService>();
        services.AddSingleton<X402Checkout>();
        services.AddSingleton<Security.ClientRequestLimits>();
        services.AddSingleton<UnpaidOrderCancellation>();
        services.AddSingleton<InPageDeclines>();
        services.AddSingleton<IInPageDeclines>(sp => sp.GetRequiredService<InPageDeclines>());
        return services;
    }
}
