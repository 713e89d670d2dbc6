using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Scheduling;
using Quartz;

namespace CheapTokens.Blazor.Maintenance;

/// <summary>
/// Deletes Idempotency-Keys older than <see cref="IdempotencyRecords.KeptFor"/> (24 h, as Stripe keeps them), with their
/// saved answers. The orders stay; a pruned key can no longer place an order. Idempotent.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PruneIdempotencyRecordsJob(IdempotencyRecords records, ILogger<PruneIdempotencyRecordsJob> logger) : CatchingJob(logger)
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var deleted = await records.PruneAsync(cancellationToken);
        if (deleted > 0) logger.LogInformation("Pruned {Count} idempotency records older than {Hours} h", deleted, IdempotencyRecords.KeptFor.TotalHours);
    }
}
