using CheapTokens.Blazor.Scheduling;
using Quartz;

namespace CheapTokens.Blazor.Maintenance;

public static class MaintenanceServiceCollectionExtensions
{
    /// <summary>Housekeeping jobs, hourly: pruning of old unused quotes, of idempotency records past their 24 h, of Venice calls past 30 days and of applied Stripe events past 7 days.</summary>
    public static IServiceCollection AddMaintenance(this IServiceCollection services)
    {
        services.AddRecurringJob<PruneQuotesJob>(_ => TimeSpan.FromHours(1));
        services.AddRecurringJob<PruneIdempotencyRecordsJob>(_ => TimeSpan.FromHours(1));
        services.AddRecurringJob<PruneVeniceCallsJob>(_ => TimeSpan.FromHours(1));
        services.AddRecurringJob<PruneStripeEventsJob>(_ => TimeSpan.FromHours(1));
        return services;
    }
}
