using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Scheduling;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Venice;
using Quartz;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// Deletes from Venice the keys of ours that must not stay live: expired keys (they still count against the
/// account's 500 live keys), keys of orders that failed or were refunded (e.g. a pass refunded while Venice
/// could not be reached to revoke its keys), and strays whose run recorded a different key (a retried create
/// whose first answer was lost). Only keys this store minted (by description) are touched. Idempotent.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ExpiredKeySweepJob(IVeniceKeyClient venice, OrderStore store, TimeProvider clock, ILogger<ExpiredKeySweepJob> logger)
    : CatchingJob(logger)
{
    protected override Task RunAsync(CancellationToken cancellationToken) => SweepAsync(cancellationToken);

    /// <returns>How many keys were revoked.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ours = (await venice.ListKeysAsync(cancellationToken))
            .Select(k => (Key: k, OrderId: OrderFulfillment.OrderIdOf(k.Description)))
            .Where(k => k.OrderId is not null)
            .ToList();
        var orders = new Dictionary<Guid, Order?>();
        foreach (var orderId in ours.Select(k => k.OrderId!.Value).Distinct())
            orders[orderId] = await store.FindAsync(orderId, cancellationToken);

        var revoked = 0;
        foreach (var (key, orderId) in ours)
        {
            if (!ShouldRevoke(key, orders[orderId!.Value], now)) continue;
            await venice.RevokeKeyAsync(key.Id, cancellationToken);
            revoked++;
        }
        if (revoked > 0) logger.LogInformation("Deleted {Count} expired or stray keys from Venice", revoked);
        return revoked;
    }

    private static bool ShouldRevoke(VeniceKeySummary key, Order? order, DateTimeOffset now)
    {
        if (key.ExpiresAt <= now) return true;
        if (order is null) return false; // not ours to judge
        if (order.Status is OrderStatus.Failed or OrderStatus.Refunded or OrderStatus.Declined) return true;
        var run = order.Keys.FirstOrDefault(r => OrderFulfillment.KeyDescriptionFor(order, r) == key.Description);
        // A run still being minted is left to the worker, which reconciles it when it resumes.
        return run is { Status: OrderKeyStatus.Minted } && run.VeniceKeyId != key.Id;
    }
}
