using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Installation;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Payments.Stripe;
using CheapTokens.Blazor.Payments.Webhooks;
using CheapTokens.Blazor.Payments.X402;
using CheapTokens.StandIns;
using CheapTokens.StandIns.Data;
using CheapTokens.StandIns.Facilitator;
using CheapTokens.StandIns.Sandbox;
using CheapTokens.StandIns.Stripe;
using CheapTokens.StandIns.Venice;
using CheapTokens.Blazor.Venice;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Hosting;

/// <summary>
/// The stand-ins (CheapTokens.StandIns) this install simulates, registered and mapped only then: a live install has
/// none of their services or routes. They keep their state in the store's database, under their own migrations.
/// </summary>
public static class StandInsHosting
{
    /// <summary>Reads the final configuration, so call it once every setting is in (see <see cref="StoreApp.Build"/>).</summary>
    public static void AddStandInsInUse(this WebApplicationBuilder builder)
    {
        var sandbox = UsesPaymentSandbox(builder.Configuration);
        var venice = SimulatesVenice(builder.Configuration);
        var stripe = ServesStripeStandIn(builder.Configuration);
        var facilitator = ServesFacilitatorStandIn(builder.Configuration);
        if (!sandbox && !venice && !stripe && !facilitator) return;
        builder.Services.AddStandInsDatabase(sp =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return new StandInsDatabaseOptions
            {
                IsPostgres = database.IsPostgres,
                ConnectionString = database.IsPostgres ? database.ConnectionString : sp.GetRequiredService<StoragePaths>().ConnectionString,
            };
        }, migrateAfter: typeof(StoreDatabaseMigrator));
        if (sandbox) builder.Services.AddPaymentSandbox(builder.Configuration);
        if (venice) builder.Services.AddVeniceSimulator(sp => SimulatedVenice(sp.GetRequiredService<IOptions<VeniceOptions>>().Value));
        if (stripe) AddStripeStandIn(builder);
        if (facilitator)
            builder.Services.AddFacilitatorStandIn(builder.Configuration, sp => new FacilitatorStandInNetwork(
                sp.GetRequiredService<IOptions<X402Options>>().Value.ResolveNetwork()
                ?? throw new InvalidOperationException($"{X402Options.SectionName} names no simulated network.")));
    }

    /// <summary>
    /// The simulated Venice stands in for the account of the store's own admin keys (Venice:AdminKey, settled by
    /// AddVenice, and Venice:Accounts), behaving as Venice:Simulator says.
    /// </summary>
    public static SimulatedVeniceOptions SimulatedVenice(VeniceOptions venice) => new()
    {
        AdminKey = venice.AdminKey,
        Accounts = venice.Accounts.Select(a => new SimulatedVeniceAccount(a.Name, a.AdminKey)).ToList(),
        AllowRemoteCallers = venice.Simulator.AllowRemoteCallers,
        FailFirstCreates429 = venice.Simulator.FailFirstCreates429,
        RetryAfterSeconds = venice.Simulator.RetryAfterSeconds,
        FailFirstCreates500 = venice.Simulator.FailFirstCreates500,
        DelayMs = venice.Simulator.DelayMs,
        RateLimitPerMinute = venice.Simulator.RateLimitPerMinute,
        MaxLiveKeys = venice.Simulator.MaxLiveKeys,
        ChatCostDiem = venice.Simulator.ChatCostDiem,
        ChatCostUsd = venice.Simulator.ChatCostUsd,
    };

    /// <summary>
    /// The store's Stripe client pointed at the stand-in uses the stand-in's keys: configured keys win; any left empty is
    /// the stand-in's own, generated into the data folder on first run. The stand-in takes the keys so settled, and
    /// sends its events to the store's webhook.
    /// </summary>
    private static void AddStripeStandIn(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StripeOptions>().PostConfigure<IServiceProvider>((options, services) =>
        {
            if (!string.IsNullOrWhiteSpace(options.SecretKey) && !string.IsNullOrWhiteSpace(options.PublishableKey)
                && !string.IsNullOrWhiteSpace(options.WebhookSecret)) return;
            var generated = StripeStandInKeys.LoadOrCreate(services.GetRequiredService<StoragePaths>().DataDirectory,
                services.GetRequiredService<ILoggerFactory>().CreateLogger<StripeStandInKeys>());
            if (string.IsNullOrWhiteSpace(options.SecretKey)) options.SecretKey = generated.SecretKey;
            if (string.IsNullOrWhiteSpace(options.PublishableKey)) options.PublishableKey = generated.PublishableKey;
            if (string.IsNullOrWhiteSpace(options.WebhookSecret)) options.WebhookSecret = generated.WebhookSecret;
        });
        builder.Services.AddStripeStandIn(builder.Configuration, sp =>
        {
            var stripe = sp.GetRequiredService<IOptions<StripeOptions>>().Value;
            return new StripeStandInKeys(stripe.SecretKey, stripe.PublishableKey, stripe.WebhookSecret);
        }, StripeWebhookEndpoint.Path);
    }

    public static void MapStandInsInUse(this WebApplication app, StoreMode mode)
    {
        // With real Stripe nothing calls the stand-in, and it is not registered: serving it would only offer its test cards to the world.
        app.MapStripeStandIn(); // maps nothing unless registered above
        app.MapFacilitatorStandIn(); // maps nothing unless registered above: never in a live install
        if (mode.SimulatedPayments == StoreMode.PaymentSandbox) app.MapPaymentSandbox();
        if (!mode.VeniceIsReal) app.MapVeniceSimulator(); // maps nothing unless registered above
    }

    private static bool SimulatesVenice(IConfiguration configuration) =>
        (configuration.GetSection(VeniceOptions.SectionName).Get<VeniceOptions>() ?? new VeniceOptions()).Simulator.Enabled;

    /// <summary>The store's Stripe client is pointed at the app itself (Payments:Stripe:ApiBase a path) and the stand-in is on.</summary>
    private static bool ServesStripeStandIn(IConfiguration configuration) =>
        (configuration.GetSection(StripeOptions.SectionName).Get<StripeOptions>() ?? new StripeOptions()) is { UsesStandIn: true, StandIn.Enabled: true };

    /// <summary>x402 is on, on the simulated network, settled by the app's own facilitator (a path), and the stand-in is on.</summary>
    private static bool ServesFacilitatorStandIn(IConfiguration configuration) =>
        (configuration.GetSection(X402Options.SectionName).Get<X402Options>() ?? new X402Options()) is { Enabled: true, Simulated: true, UsesStandIn: true }
        && configuration.GetSection(FacilitatorStandInOptions.SectionName).GetValue(nameof(FacilitatorStandInOptions.Enabled), true);

    private static bool UsesPaymentSandbox(IConfiguration configuration) =>
        (configuration.GetSection(PaymentsOptions.SectionName).Get<PaymentsOptions>() ?? new PaymentsOptions()).Processor == PaymentsOptions.SandboxProcessor;
}
