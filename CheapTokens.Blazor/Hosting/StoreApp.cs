using CheapTokens.Blazor.Api;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Components;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Blazor.Receipts;
using CheapTokens.Blazor.Scheduling;
using CheapTokens.Blazor.Supply;
using CheapTokens.Blazor.Venice;
using CheapTokens.Blazor.Venice.Simulator;
using Radzen;

namespace CheapTokens.Blazor.Hosting;

/// <summary>
/// Composition root. Program.cs runs it as is; tests build the same app, add their own configuration
/// or clock to the builder, and start it on a loopback port.
/// </summary>
public static class StoreApp
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Test hosts start from another assembly; the app's static web assets are named after this one.
            ApplicationName = typeof(StoreApp).Assembly.GetName().Name,
        });
        builder.Configuration.UseAppSettingsBesideAssembly();
        builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSignalR();
        services.AddProblemDetails();
        services.AddRadzenComponents();
        // First: its hosted service migrates the database before anything else starts reading it.
        services.AddStorePersistence(builder.Configuration);
        services.AddScheduling();
        services.AddSupply(builder.Configuration);
        services.AddLivePrices(builder.Configuration);
        services.AddVenice(builder.Configuration);
        services.AddPayments();
        services.AddOrders();
        services.AddProvisioning(builder.Configuration);
        services.AddReceipts(builder.Configuration);
        services.AddCheckout(builder.Configuration);
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapLivePrices();
        app.MapVeniceSimulator();
        app.MapStoreApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
