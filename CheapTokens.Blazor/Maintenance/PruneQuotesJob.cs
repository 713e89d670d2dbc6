using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Payments.X402;
using CheapTokens.Blazor.Scheduling;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace CheapTokens.Blazor.Maintenance;

/// <summary>
/// Deletes quotes that expired more than <see cref="KeptFor"/> ago and never became an order, so a burst of quotes
/// does not grow the database for ever. A quote an order was placed on stays (the order names it); x402 offers of that
/// age go, whatever became of their quote. Idempotent.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PruneQuotesJob(IDbContextFactory<StoreDbContext> databases, TimeProvider clock, ILogger<PruneQuotesJob> logger)
    : CatchingJob(logger)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    protected override Task RunAsync(CancellationToken cancellationToken) => PruneAsync(cancellationToken);

    /// <returns>How many quotes were deleted.</returns>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - KeptFor;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // Dates of a pass quote go with it (cascade in the schema).
        var deleted = await db.Quotes
            .Where(q => q.ExpiresAt < cutoff && !db.Orders.Any(o => o.QuoteId == q.Id))
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0) logger.LogInformation("Pruned {Count} quotes that expired before {Cutoff:O} unused", deleted, cutoff);
        // What the store offered over x402 for those quotes: useless once the quote is gone, paid or not.
        await db.X402Offers.Where(o => o.ExpiresAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        return deleted;
    }
}
