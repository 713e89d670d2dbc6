using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Blazor.Components.Layout;
using CheapTokens.Blazor.Components.Live;
using CheapTokens.Blazor.Components.Orders;
using CheapTokens.Blazor.Installation;
using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Payments.Stripe;
using CheapTokens.Blazor.Pricing;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.ResponseCompression;
using MudBlazor;
using MudBlazor.Services;

namespace CheapTokens.Blazor.Components;

public static class ComponentServiceCollectionExtensions
{
    /// <summary>
    /// MudBlazor, and the UI-facing services the store's components reach the back end through: the storefront, buyers'
    /// keys, and the settings the pages state (read once from the back end's options).
    /// </summary>
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
        // Transient like the typed Venice client it holds, so each key panel gets a fresh one as before.
        services.AddTransient<IBuyerKeys, BuyerKeys>();
        services.AddSingleton(sp => StorefrontSettings.From(sp.GetRequiredService<IOptions<CheckoutOptions>>().Value));
        services.AddSingleton(sp => DiemSettings.From(sp.GetRequiredService<IOptions<DiemOptions>>().Value));
        services.AddSingleton(sp => CardFormSettings.From(sp.GetRequiredService<IOptions<StripeOptions>>().Value));
        services.AddSingleton(sp => LivePageSettings.From(sp.GetRequiredService<IOptions<LivePricesOptions>>().Value));
        services.AddSingleton(sp => StoreBanner.Of(sp.GetRequiredService<StoreMode>()));
        // Each buying component holds its own checkout.
        services.AddTransient<CheckoutState>();
        return services;
    }
}
