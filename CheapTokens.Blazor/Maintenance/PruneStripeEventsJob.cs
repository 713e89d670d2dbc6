using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Payments.Webhooks;
using CheapTokens.Blazor.Scheduling;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace CheapTokens.Blazor.Maintenance;

/// <summary>
/// Deletes received Stripe events applied more than <see cref="KeptFor"/> ago. An event's id is kept only to recognise
/// Stripe delivering it again, which Stripe does for up to 3 days (a delivery's signature is at most 5 minutes old, so
/// nothing older can be replayed); a week leaves room for clock skew and a late retry. Events not yet applied stay,
/// however old: the inbox still owes them. The payments and orders they settled stay. Idempotent.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PruneStripeEventsJob(IDbContextFactory<StoreDbContext> databases, TimeProvider clock, ILogger<PruneStripeEventsJob> logger)
    : CatchingJob(logger)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);

    protected override Task RunAsync(CancellationToken cancellationToken) => PruneAsync(cancellationToken);

    /// <returns>How many events were deleted.</returns>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - KeptFor;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var deleted = await db.ReceivedStripeEvents
            .Where(e => e.ProcessedAt != null && e.ReceivedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0) logger.LogInformation("Pruned {Count} Stripe events received before {Cutoff:O}", deleted, cutoff);
        return deleted;
    }
}
