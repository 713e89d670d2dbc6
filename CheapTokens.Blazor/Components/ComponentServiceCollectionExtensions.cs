using CheapTokens.Blazor.Components.Checkout;
using Microsoft.AspNetCore.ResponseCompression;
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
        // MudBlazor's stylesheet and script reach the build output uncompressed (627 KB of CSS); compressing them on
        // the way out keeps a first visit small. Only CSS and JS: pages carry keys, so HTML is never compressed.
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["text/css", "text/javascript", "application/javascript"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
        services.AddHttpContextAccessor();
        services.AddScoped<IStorefront, Storefront>();
        // Each buying component holds its own checkout.
        services.AddTransient<CheckoutState>();
        return services;
    }
}
