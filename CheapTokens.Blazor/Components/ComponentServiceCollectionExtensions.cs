using CheapTokens.Blazor.Components.Checkout;
using MudBlazor;
using MudBlazor.Services;

namespace CheapTokens.Blazor.Components;

public static class ComponentServiceCollectionExtensions
{
    /// <summary>MudBlazor and what the store's components need beyond the back end's own services.</summary>
    public static IServiceCollection AddStoreComponents(this IServiceCollection services)
    {
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomCenter;
            o.SnackbarConfiguration.VisibleStateDuration = 2500;
        });
        services.AddScoped<IStorefront, Storefront>();
        // Each buying component holds its own checkout.
        services.AddTransient<CheckoutState>();
        return services;
    }
}
