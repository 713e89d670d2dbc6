using CheapTokens.Blazor.Hosting;
using CheapTokens.Blazor.Scheduling;
using CheapTokens.Core.Orders;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Provisioning;

public static class ProvisioningServiceCollectionExtensions
{
    /// <summary>The paced provisioning worker (the app's <see cref="IProvisioningQueue"/>), order updates, the expired-key sweep.</summary>
    public static IServiceCollection AddProvisioning(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProvisioningOptions>().Bind(configuration.GetSection(ProvisioningOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProvisioningOptions>>(new SelfValidatingOptions<ProvisioningOptions>(o => o.Validate()));
        services.AddSingleton<OrderUpdates>();
        services.AddSingleton<MintSchedule>();
        services.AddSingleton<ProvisioningWorker>();
        services.AddSingleton<IProvisioningQueue>(sp => sp.GetRequiredService<ProvisioningWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<ProvisioningWorker>());
        services.AddRecurringJob<ExpiredKeySweepJob>(sp =>
            TimeSpan.FromMinutes(sp.GetRequiredService<IOptions<ProvisioningOptions>>().Value.ExpiredKeySweepMinutes));
        services.AddRecurringJob<MintDueRunsJob>(_ => TimeSpan.FromMinutes(1));
        return services;
    }
}
