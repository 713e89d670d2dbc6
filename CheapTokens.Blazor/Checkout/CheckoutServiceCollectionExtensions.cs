using CheapTokens.Blazor.Hosting;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Passes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Checkout;

public static class CheckoutServiceCollectionExtensions
{
    /// <summary>
    /// Quotes, orders and fulfilment for credits and multi-day passes (options "Checkout" and "Passes"). Needs <c>AddStorePersistence</c>, <c>AddPayments</c> and <c>AddPricing</c>
    /// (once: binding twice would repeat the curve). Paid orders go to the registered <see cref="IProvisioningQueue"/> (the app's is <c>AddProvisioning</c>).
    /// </summary>
    public static IServiceCollection AddCheckout(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CheckoutOptions>()
            .Bind(configuration.GetSection(CheckoutOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CheckoutOptions>>(new SelfValidatingOptions<CheckoutOptions>(o => o.Validate()));
        // The multi-day pass is sold through the same quotes and orders.
        services.AddOptions<PassOptions>()
            .Bind(configuration.GetSection(PassOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PassOptions>>(new SelfValidatingOptions<PassOptions>(o => o.Validate()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();

        services.AddSingleton<KeyedLocks>();
        services.AddSingleton<OrderStore>();
        services.AddSingleton<CheckoutService>();
        services.AddSingleton<OrderFulfillment>();
        return services;
    }
}
