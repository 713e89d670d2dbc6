using CheapTokens.StandIns.Data;
using CheapTokens.StandIns.Facilitator;
using CheapTokens.StandIns.Sandbox;
using CheapTokens.StandIns.Stripe;
using Microsoft.AspNetCore.Hosting.Server;
using CheapTokens.StandIns.Venice;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CheapTokens.StandIns;

public static class StandInsServiceCollectionExtensions
{
    /// <summary>
    /// The stand-ins' database: the one <paramref name="database"/> names (the host's own), migrated by a hosted service
    /// placed right after the one that migrates the host's database, so the host's tables are there first.
    /// </summary>
    public static IServiceCollection AddStandInsDatabase(
        this IServiceCollection services, Func<IServiceProvider, StandInsDatabaseOptions> database, Type? migrateAfter = null)
    {
        if (services.Any(d => d.ServiceType == typeof(StandInsDatabaseMigrator))) return services;
        services.AddSingleton(database);
        services.AddDbContextFactory<StandInsDbContext>((sp, options) => options.UseStandInsDatabase(sp.GetRequiredService<StandInsDatabaseOptions>()));
        services.AddSingleton<StandInsDatabaseMigrator>();
        var after = migrateAfter is null ? -1 : services.ToList().FindIndex(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == migrateAfter);
        services.Insert(after + 1, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<StandInsDatabaseMigrator>()));
        return services;
    }

    /// <summary>
    /// The payment sandbox: "Payments:Sandbox" validated at start, its state in the stand-ins' database (register
    /// <see cref="AddStandInsDatabase"/>). Map its routes with <c>app.MapPaymentSandbox()</c>.
    /// </summary>
    public static IServiceCollection AddPaymentSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.SectionName))
            .Validate(o => o.Validate().Count == 0, "Payments:Sandbox:DelayMs must be between 0 and 60000.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PaymentSandbox>();
        return services;
    }

    /// <summary>
    /// The simulated Venice, set up as <paramref name="options"/> says (its accounts' admin keys, faults and limits),
    /// its keys in the stand-ins' database (register <see cref="AddStandInsDatabase"/>). Map its routes with
    /// <c>app.MapVeniceSimulator()</c>.
    /// </summary>
    public static IServiceCollection AddVeniceSimulator(this IServiceCollection services, Func<IServiceProvider, SimulatedVeniceOptions> options)
    {
        services.TryAddSingleton<IOptions<SimulatedVeniceOptions>>(sp => Options.Create(options(sp)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<VeniceSimulatorState>();
        return services;
    }

    /// <summary>
    /// The Stripe stand-in: "Payments:Stripe:StandIn" validated at start, its account and webhook outbox in the
    /// stand-ins' database (register <see cref="AddStandInsDatabase"/>), its keys as <paramref name="keys"/> gives them
    /// (the host's settled Stripe keys), its events sent to <paramref name="hostWebhookPath"/> at the host's own address
    /// unless WebhookUrl says otherwise. Map its routes with <c>app.MapStripeStandIn()</c>.
    /// </summary>
    public static IServiceCollection AddStripeStandIn(this IServiceCollection services, IConfiguration configuration,
        Func<IServiceProvider, StripeStandInKeys> keys, string hostWebhookPath)
    {
        services.AddOptions<StripeStandInOptions>().Bind(configuration.GetSection(StripeStandInOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StripeStandInOptions>, StripeStandInOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(keys);
        services.TryAddSingleton<StripeStandInFaults>();
        services.TryAddSingleton<StripeStandInOutboxSignal>();
        services.TryAddSingleton<StripeStandInAccount>();
        services.TryAddSingleton(sp => new StripeStandInWebhookTarget(
            sp.GetRequiredService<IOptions<StripeStandInOptions>>(), sp.GetRequiredService<IServer>(), hostWebhookPath));
        services.AddHttpClient(StripeStandInWebhookSender.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton<StripeStandInWebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<StripeStandInWebhookSender>());
        return services;
    }

    /// <summary>
    /// The x402 facilitator stand-in: "Payments:X402:StandIn" validated at start, its simulated USDC ledger in the
    /// stand-ins' database (register <see cref="AddStandInsDatabase"/>), settling on the network <paramref name="network"/>
    /// gives (the host's simulated one). Map its routes with <c>app.MapFacilitatorStandIn()</c>.
    /// </summary>
    public static IServiceCollection AddFacilitatorStandIn(this IServiceCollection services, IConfiguration configuration,
        Func<IServiceProvider, FacilitatorStandInNetwork> network)
    {
        services.AddOptions<FacilitatorStandInOptions>().Bind(configuration.GetSection(FacilitatorStandInOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FacilitatorStandInOptions>, FacilitatorStandInOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(network);
        services.TryAddSingleton<FacilitatorStandInFaults>();
        services.TryAddSingleton<SimulatedUsdcLedger>();
        return services;
    }
}
