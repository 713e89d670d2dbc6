namespace CheapTokens.Blazor.Orders;

public static class OrdersServiceCollectionExtensions
{
    /// <summary>
    /// The order store, fulfilment (the provisioning side of an order), live order updates and the read side.
    /// Needs <c>AddStorePersistence</c>; the app's <c>IProvisioningQueue</c> comes from <c>AddProvisioning</c>.
    /// </summary>
    public static IServiceCollection AddOrders(this IServiceCollection services)
    {
        services.AddSingleton<OrderStore>();
        services.AddSingleton<OrderLinks>();
        services.AddSingleton<OrderFulfillment>();
        services.AddSingleton<OrderUpdates>();
        services.AddSingleton<OrderQueries>();
        // With Redis (AddScaleOut), order notices reach the other nodes' open order pages.
        services.AddHostedService<OrderUpdatesRelay>();
        return services;
    }
}
