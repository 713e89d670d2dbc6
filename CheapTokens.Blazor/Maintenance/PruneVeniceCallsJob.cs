using CheapTokens.Blazor.Scheduling;
using CheapTokens.Blazor.Venice;
using Quartz;

namespace CheapTokens.Blazor.Maintenance;

/// <summary>
/// Deletes recorded Venice calls older than <see cref="VeniceCallLog.KeptFor"/>, so order timelines do not grow the
/// database for ever. The orders, their keys and the audit log stay. Idempotent.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PruneVeniceCallsJob(VeniceCallLog calls, TimeProvider clock, ILogger<PruneVeniceCallsJob> logger) : CatchingJob(logger)
{
    protected override Task RunAsync(CancellationToken cancellationToken) => PruneAsync(cancellationToken);

    /// <returns>How many calls were deleted.</returns>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - VeniceCallLog.KeptFor;
        var deleted = await calls.PruneAsync(cutoff, cancellationToken);
        if (deleted > 0) logger.LogInformation("Pruned {Count} Venice calls recorded before {Cutoff:O}", deleted, cutoff);
        return deleted;
    }
}
