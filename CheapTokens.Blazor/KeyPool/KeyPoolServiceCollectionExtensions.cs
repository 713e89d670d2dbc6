using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Scheduling;
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
        return services;
    }
}
