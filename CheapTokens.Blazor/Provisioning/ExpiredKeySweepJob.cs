using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Scheduling;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Venice;
using Quartz;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// Deletes from Venice, on every account, the keys of ours that must not stay live: expired keys (they still count
/// against the account's 500 live keys), keys of orders that failed or were refunded (e.g. a pass refunded while Venice
/// could not be reached to revoke its keys), strays whose run recorded a different key (a retried create whose first
/// answer was lost), and pool keys never handed out that expired (yesterday's unused pool) or were discarded. Only
/// keys this store minted (by description) are touched. Idempotent.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ExpiredKeySweepJob(
    VeniceAccountStates accounts, OrderStore store, KeyPoolStore pool, TimeProvider clock, ILogger<ExpiredKeySweepJob> logger)
    : CatchingJob(logger)
{
    protected override Task RunAsync(CancellationToken cancellationToken) => SweepAsync(cancellationToken);

    /// <returns>How many keys were revoked.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var poolToRevoke = (await pool.ListToRevokeAsync(now, cancellationToken)).ToDictionary(p => p.VeniceKeyId, StringComparer.Ordinal);
        var revoked = 0;
        var forgotten = new List<Guid>();
        foreach (var account in accounts.All)
        {
            var venice = accounts.Accounts.ClientFor(account.Name);
            var listed = await venice.ListKeysAsync(cancellationToken);
            var ours = listed
                .Select(k => (Key: k, OrderId: OrderFulfillment.OrderIdOf(k.Description)))
                .Where(k => k.OrderId is not null)
                .ToList();
            var revokedHere = new HashSet<string>(StringComparer.Ordinal);
            var orders = new Dictionary<Guid, Order?>();
            foreach (var orderId in ours.Select(k => k.OrderId!.Value).Distinct())
                orders[orderId] = await store.FindAsync(orderId, cancellationToken);

            foreach (var (key, orderId) in ours)
            {
                if (!ShouldRevoke(key, orders[orderId!.Value], now)) continue;
                using (VeniceCallScope.ForOrder(orderId.Value)) await venice.RevokeKeyAsync(key.Id, cancellationToken);
                revokedHere.Add(key.Id);
            }
            foreach (var key in listed.Where(k => k.Description.StartsWith(PoolKey.DescriptionPrefix, StringComparison.Ordinal)))
            {
                // A pool key nobody claimed (or one discarded) once its day is over; an unknown one (minted, never saved) once expired.
                var known = poolToRevoke.ContainsKey(key.Id);
                if (!known && key.ExpiresAt > now) continue;
                if (!known && key.ExpiresAt is null) continue;
                await venice.RevokeKeyAsync(key.Id, cancellationToken);
                revokedHere.Add(key.Id);
            }
            revoked += revokedHere.Count;
            account.SetLiveKeys(listed.Count(k => (k.ExpiresAt is null || k.ExpiresAt > now) && !revokedHere.Contains(k.Id)));
        }
        // Rows whose key is gone from Venice (revoked now, or already gone) are forgotten.
        forgotten.AddRange(poolToRevoke.Values.Select(p => p.Id));
        var deleted = await pool.DeleteAsync(forgotten, now, cancellationToken);
        if (revoked > 0 || deleted > 0) logger.LogInformation("Deleted {Count} expired or stray keys from Venice; forgot {Rows} pool keys", revoked, deleted);
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
