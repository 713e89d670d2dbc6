using System.Diagnostics.Metrics;
using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Scheduling;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Provisioning;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.KeyPool;

public static class KeyPoolServiceCollectionExtensions
{
    /// <summary>
    /// The key pool (options "KeyPool"): each account's state (pacing, active keys), the pool's table, the hand-out at
    /// payment, the refill job and today's key capacity (the app's <see cref="IKeyCapacity"/>). Needs <c>AddVenice</c>,
    /// <c>AddOrders</c> and <c>AddScheduling</c>; <c>AddProvisioning</c> uses it.
    /// </summary>
    public static IServiceCollection AddKeyPool(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<KeyPoolOptions>(configuration.GetSection(KeyPoolOptions.SectionName), o => o.Validate());
        services.AddSingleton<VeniceAccountStates>();
        // Chosen when first asked for, by then from the final configuration: one process's pacers, or the database's.
        services.AddSingleton<IKeyCreationBudget>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.IsPostgres
            ? ActivatorUtilities.CreateInstance<SharedKeyCreationBudget>(sp)
            : new LocalKeyCreationBudget());
        services.AddSingleton<SharedAccountTallies>();
        services.AddSingleton<KeyPoolStore>();
        services.AddSingleton<PoolHandOut>();
        services.AddSingleton<KeyCapacityService>();
        services.AddSingleton<IKeyCapacity>(sp => sp.GetRequiredService<KeyCapacityService>());
        services.AddRecurringJob<KeyPoolRefillJob>(sp =>
            TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<KeyPoolOptions>>().Value.RefillIntervalSeconds));

        services.AddSingleton<StoreGaugeCache>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreGaugeCache>());
        services.AddStoreGauge((meter, sp) => meter.CreateObservableGauge("cheaptokens.supply.held_unpaid",
            () => sp.GetService<StoreGaugeCache>()?.HeldUnpaidCredits is { } held ? [new Measurement<long>(held)] : Array.Empty<Measurement<long>>(),
            "{credit}", "Credits held by orders still waiting for their payment (cached)."));
        services.AddStoreGauge((meter, sp) => meter.CreateObservableGauge("cheaptokens.key_pool.free",
            () => sp.GetService<StoreGaugeCache>()?.FreePoolKeys.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>(StoreMetrics.AccountTag, p.Key)))
                  ?? [],
            "{key}", "Pool keys ready for today's orders, per Venice account (cached)."));
        services.AddStoreGauge((meter, sp) => meter.CreateObservableGauge("cheaptokens.venice.account.live_keys",
            () => sp.GetService<VeniceAccountStates>()?.All.Select(a => new Measurement<int>(a.LiveKeys, new KeyValuePair<string, object?>(StoreMetrics.AccountTag, a.Name)))
                  ?? [],
            "{key}", "Live keys per Venice account, against its cap."));
        return services;
    }
}
