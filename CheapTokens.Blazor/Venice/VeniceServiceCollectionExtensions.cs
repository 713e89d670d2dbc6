using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Venice;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Venice;

public static class VeniceServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates "Venice" (at start-up) and registers the typed client. With Venice:Simulator:Enabled the
    /// client calls the simulated Venice, a stand-in the host serves (see Hosting/StandInsHosting).
    /// </summary>
    public static IServiceCollection AddVenice(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<VeniceOptions>(configuration.GetSection(VeniceOptions.SectionName), o => o.Validate())
            .PostConfigure<IServiceProvider>(UseSimulatorAdminKey);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AppAddress>();
        services.TryAddSingleton<VeniceAccounts>();

        services.TryAddSingleton<VeniceCallLog>();
        services.TryAddSingleton<IVeniceCallRecorder>(sp => sp.GetRequiredService<VeniceCallLog>());

        services.AddHttpClient<IVeniceKeyClient, VeniceKeyClient>((provider, http) =>
        {
            http.BaseAddress = VeniceBaseAddress.TryResolve(provider.GetRequiredService<IOptions<VeniceOptions>>().Value, provider.GetRequiredService<AppAddress>());
            // Per-attempt timeouts live in the retry pipeline; HttpClient's own would cut retries short.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        services.AddTransient<VeniceCallTelemetry>();
        // Last on the pipeline, so it sees each attempt. Both ways the store reaches Venice: the single account's typed client and the per-account named one.
        foreach (var client in new[] { nameof(IVeniceKeyClient), VeniceAccounts.HttpClientName })
        {
            services.Configure<HttpClientFactoryOptions>(client, o => o.HttpMessageHandlerBuilderActions.Add(handlers =>
            {
                // Only while Telemetry:Enabled (read from the final configuration when the handler is built).
                if (handlers.Services.GetService<StoreMetrics>() is { Enabled: true })
                    handlers.AdditionalHandlers.Add(handlers.Services.GetRequiredService<VeniceCallTelemetry>());
            }));
        }
        return services;
    }

    /// <summary>
    /// The one place the admin key is settled: a configured Venice:AdminKey wins; with the simulator on and none
    /// configured, the key kept in the data folder (needs <c>AddStorePersistence</c>). The client and the
    /// simulator both read the result from <see cref="VeniceOptions.AdminKey"/>.
    /// </summary>
    private static void UseSimulatorAdminKey(VeniceOptions options, IServiceProvider services)
    {
        // Several accounts: the first one is the account anything needing just one uses.
        if (string.IsNullOrWhiteSpace(options.AdminKey) && options.Accounts.Count > 0) options.AdminKey = options.Accounts[0].AdminKey;
        if (!options.Simulator.Enabled || !string.IsNullOrWhiteSpace(options.AdminKey)) return;
        var paths = services.GetService<StoragePaths>()
                    ?? throw new InvalidOperationException("The simulated Venice keeps its admin key in the data folder: register AddStorePersistence.");
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(VeniceSimulatorAdminKey));
        options.AdminKey = VeniceSimulatorAdminKey.LoadOrCreate(paths, logger);
    }
}
