using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Api;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Components;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Health;
using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Installation;
using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Payments.Stripe;
using CheapTokens.Blazor.Payments.X402;
using CheapTokens.StandIns.Stripe;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Blazor.Receipts;
using CheapTokens.Blazor.Maintenance;
using CheapTokens.Blazor.Mcp;
using CheapTokens.Blazor.Scaling;
using CheapTokens.Blazor.Scheduling;
using CheapTokens.Blazor.Security;
using CheapTokens.Blazor.Supply;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Blazor.Venice;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Hosting;

/// <summary>
/// Composition root. Program.cs runs it as is; tests build the same app, add their own configuration
/// or clock to the builder, and start it on a loopback port.
/// </summary>
public static class StoreApp
{
    /// <summary>The app's services, built as for serving but not started (the operator command uses them).</summary>
    public static IServiceProvider ComposeServices(string[] args) => Build(CreateBuilder(args)).Services;

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
        services.AddSingleton(ClockOffset.Create(builder.Configuration, builder.Environment));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSignalR();
        services.AddStoreProblemDetails();
        services.AddStoreApiDocument();
        services.AddRateLimits(builder.Configuration);
        services.AddConnectionLimits(builder.Configuration, PricesHub.Path);
        services.AddRequestNoiseLog(builder.Configuration);
        services.AddMalformedRequestHandling();
        services.AddHttpsHandling();
        // Don't tell the world which server this is.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        services.AddStoreComponents();
        // First: its hosted service migrates the database before anything else starts reading it.
        services.AddStorePersistence(builder.Configuration);
        services.AddKeyVault();
        services.AddScheduling();
        services.AddSupply(builder.Configuration);
        services.AddLivePrices(builder.Configuration);
        services.AddVenice(builder.Configuration);
        services.AddPayments(builder.Configuration);
        services.AddStripePayments(builder.Configuration);
        services.AddX402Payments(builder.Configuration);
        services.AddStoreMode(builder.Configuration);
        services.AddOrders();
        services.AddKeyPool(builder.Configuration);
        services.AddProvisioning(builder.Configuration);
        services.AddReceipts(builder.Configuration);
        services.AddCheckout(builder.Configuration);
        services.AddMaintenance();
        services.AddOperatorConsole(builder.Configuration);
        services.AddMcpForAgents();
        services.AddStoreHealth(builder.Configuration);
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        // Here, not with the data folder's services: it needs the final configuration (see AddKeyRingProtection).
        builder.Services.AddKeyRingProtection(builder.Configuration, builder.Environment.ContentRootPath);
        // Here too: the Redis backplane is chosen when services are registered (see AddScaleOut).
        builder.Services.AddScaleOut(builder.Configuration, HealthServiceCollectionExtensions.Ready);
        builder.Services.AddSchedulerStore(builder.Configuration);
        builder.AddStoreTelemetry(); // here too: whether to export, and where, is read from the final configuration
        builder.AddStandInsInUse(); // here too: which stand-ins the install simulates is read from the final configuration
        var app = builder.Build();
        // Here, before anything is served: a mixed or unsafe install (see StoreMode) stops, naming the settings to change.
        var mode = app.Services.GetRequiredService<StoreMode>();
        app.LogStoreMode();
        // First: who the client is and whether it came over HTTPS, as a trusted proxy says (RateLimits:TrustedProxies).
        app.UseTrustedForwardedHeaders();
        app.UseSecurityHeaders(realStripe: app.Services.GetService<IOptions<StripeOptions>>()?.Value.UsesStandIn == false);
        // Redirection and HSTS, only when the app serves HTTPS itself or sits behind a proxy; the node's own calls to its
        // stand-ins stay on http.
        app.UseHttpsHandling(VeniceOptions.SimulatorPath, StripeStandInEndpoints.BasePath, SandboxPaymentProcessor.BasePath.TrimEnd('/'),
            CheapTokens.StandIns.Facilitator.FacilitatorStandInEndpoints.BasePath);
        // Machines (the API, the hub, the simulated Venice) get problem+json; people get pages inside the site layout.
        // The machines' handlers sit inside the pages' ones and answer first, so the pages' never see an API error.
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseWhen(IsForMachines, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseClientBodyErrors(); // a body that cannot be read is the client's fault: 400, not 500
        app.UseRateLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseResponseCompression();
        app.MapStaticAssets();
        app.MapStoreHealth();
        app.MapStoreMetrics();
        app.MapLivePrices();
        app.MapStandInsInUse(mode);
        app.MapStripePayments();
        app.MapStoreApi();
        app.MapMcpForAgents();
        app.MapOperatorConsole();
        app.MapOpenApi(StoreApiDocument.Path);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static bool IsForMachines(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs")
        || context.Request.Path.StartsWithSegments("/venice-sim") || context.Request.Path.StartsWithSegments("/stripe-sim")
        || context.Request.Path.StartsWithSegments("/sandbox-sim") || context.Request.Path.StartsWithSegments("/x402-sim")
        || context.Request.Path.StartsWithSegments("/webhooks") || context.Request.Path.StartsWithSegments("/health")
        || context.Request.Path.StartsWithSegments("/openapi") || context.Request.Path.StartsWithSegments(McpServiceCollectionExtensions.Path);
}
