using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Scheduling;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Provisioning;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Provisioning;

public static class ProvisioningServiceCollectionExtensions
{
    /// <summary>
    /// The provisioning queue (the app's <see cref="IProvisioningQueue"/>), the paced worker that mints keys, refunds,
    /// the pass mint schedule and the expired-key sweep. Needs <c>AddOrders</c>, <c>AddVenice</c>, <c>AddKeyPool</c> and <c>AddScheduling</c>.
    /// </summary>
    public static IServiceCollection AddProvisioning(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ProvisioningOptions>(configuration.GetSection(ProvisioningOptions.SectionName), o => o.Validate());
        services.AddOptions<KeyCreationPace>().Configure<IOptions<ProvisioningOptions>>((pace, provisioning) =>
            pace.PerMinute = provisioning.Value.KeyCreationsPerMinute);
        // The default account's pacing: what the queue's wait estimates are based on.
        services.AddSingleton(sp => sp.GetRequiredService<VeniceAccountStates>().Default.Pacer);
        services.AddSingleton<ProvisioningQueue>();
        services.AddSingleton<IProvisioningQueue>(sp => sp.GetRequiredService<ProvisioningQueue>());
        services.AddStoreGauge((meter, sp) => meter.CreateObservableGauge("cheaptokens.provisioning.queue.depth",
            () => sp.GetService<ProvisioningQueue>()?.Length ?? 0, "{order}",
            "Paid orders in this node's provisioning line."));
        services.AddSingleton<KeyIssuer>();
        services.AddSingleton<OrderRefunds>();
        services.AddSingleton<MintSchedule>();
        services.AddSingleton<OrderProvisioner>();
        services.AddSingleton<OrderLeases>();
        services.AddHostedService<ProvisioningWorker>();
        services.AddHostedService<QueuedOrderLeases>();
        services.AddHostedService<OrderPathWarmUp>();
        services.AddRecurringJob<ResumeOrphanedOrdersJob>(_ => OrderLeases.Duration / 4);
        services.AddRecurringJob<ExpiredKeySweepJob>(sp =>
            TimeSpan.FromMinutes(sp.GetRequiredService<IOptions<ProvisioningOptions>>().Value.ExpiredKeySweepMinutes));
        services.AddRecurringJob<MintDueRunsJob>(_ => TimeSpan.FromMinutes(1));
        return services;
    }
}
