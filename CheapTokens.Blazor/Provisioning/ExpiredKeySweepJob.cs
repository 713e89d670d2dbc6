using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Venice;
using CheapTokens.Blazor.Scheduling;
using Quartz;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// Deletes our expired keys from Venice: an expired key no longer works but still counts against the
/// account's 500 live keys. Only keys this store minted (by description) are touched. Idempotent.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ExpiredKeySweepJob(IVeniceKeyClient venice, TimeProvider clock, ILogger<ExpiredKeySweepJob> logger) : CatchingJob(logger)
{
    protected override Task RunAsync(CancellationToken cancellationToken) => SweepAsync(cancellationToken);

    /// <returns>How many keys were revoked.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = (await venice.ListKeysAsync(cancellationToken))
            .Where(k => k.Description.StartsWith(OrderFulfillment.KeyDescriptionPrefix, StringComparison.Ordinal) && k.ExpiresAt <= now)
            .ToList();
        foreach (var key in expired) await venice.RevokeKeyAsync(key.Id, cancellationToken);
        if (expired.Count > 0) logger.LogInformation("Deleted {Count} expired keys from Venice", expired.Count);
        return expired.Count;
    }
}
