using CheapTokens.Blazor.Data;
using CheapTokens.Core.Orders;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.KeyPool;

/// <summary>The PoolKeys table, one context per operation. A claim is one conditional UPDATE, so a key goes to one run only.</summary>
public sealed class KeyPoolStore(IDbContextFactory<StoreDbContext> dbFactory)
{
    public async Task AddAsync(PoolKey key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.PoolKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The key this run claimed and has not handed out or discarded yet: an attempt interrupted between claim and change.</summary>
    public async Task<PoolKey?> FindClaimAsync(Guid orderKeyId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PoolKeys.AsNoTracking()
            .SingleOrDefaultAsync(p => p.ClaimedByOrderKeyId == orderKeyId && p.DiscardedAt == null, cancellationToken);
    }

    /// <summary>
    /// Claims the oldest free key expiring at <paramref name="expiresAt"/> for run <paramref name="orderKeyId"/>, in one
    /// UPDATE that only succeeds while the key is still free. Null when none is left (or a racing claim took the last).
    /// </summary>
    public async Task<PoolKey?> TryClaimAsync(Guid orderKeyId, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsNpgsql()) return await TryClaimSkippingLockedAsync(db, orderKeyId, expiresAt, now, cancellationToken);
        // SQLite has one writer at a time. A few tries: a racing claim may take the key this one aimed at; the next
        // try aims at the next key.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var candidate = db.PoolKeys
                .Where(p => p.ClaimedByOrderKeyId == null && p.DiscardedAt == null && p.ExpiresAt == expiresAt)
                .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
                .Select(p => p.Id)
                .Take(1);
            int claimed;
            try
            {
                claimed = await db.PoolKeys
                    .Where(p => candidate.Contains(p.Id) && p.ClaimedByOrderKeyId == null && p.DiscardedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.ClaimedByOrderKeyId, orderKeyId).SetProperty(p => p.ClaimedAt, now), cancellationToken);
            }
            catch (Exception e) when (DbErrors.IsUniqueViolation(e))
            {
                // This run already holds a key (a concurrent attempt for the same run): use that one.
                return await FindClaimAsync(orderKeyId, cancellationToken);
            }
            if (claimed == 1) return await FindClaimAsync(orderKeyId, cancellationToken);
            if (!await db.PoolKeys.AnyAsync(p => p.ClaimedByOrderKeyId == null && p.DiscardedAt == null && p.ExpiresAt == expiresAt, cancellationToken))
                return null;
        }
        return null;
    }

    /// <summary>
    /// PostgreSQL, where claims from several nodes really run at once: the free key is picked and locked in the same
    /// statement, and a key another claim has locked is skipped rather than waited for, so concurrent claims each take a
    /// different key at the first try and none of them is turned away while a free key is left.
    /// </summary>
    private async Task<PoolKey?> TryClaimSkippingLockedAsync(StoreDbContext db, Guid orderKeyId, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Instants as the model stores them on PostgreSQL, so the raw comparison matches LINQ's.
        var expires = UtcInstantConverter.ToStored(expiresAt);
        var claimedAt = UtcInstantConverter.ToStored(now);
        int claimed;
        try
        {
            claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE "PoolKeys" SET "ClaimedByOrderKeyId" = {orderKeyId}, "ClaimedAt" = {claimedAt}
                WHERE "Id" = (
                    SELECT "Id" FROM "PoolKeys"
                    WHERE "ClaimedByOrderKeyId" IS NULL AND "DiscardedAt" IS NULL AND "ExpiresAt" = {expires}
                    ORDER BY "CreatedAt", "Id"
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                """, cancellationToken);
        }
        catch (Exception e) when (DbErrors.IsUniqueViolation(e))
        {
            // This run already holds a key (a concurrent attempt for the same run): use that one.
            return await FindClaimAsync(orderKeyId, cancellationToken);
        }
        return claimed == 1 ? await FindClaimAsync(orderKeyId, cancellationToken) : null;
    }

    public Task MarkHandedOutAsync(Guid poolKeyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync(poolKeyId, p => p.HandedOutAt = at, cancellationToken);

    public Task DiscardAsync(Guid poolKeyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync(poolKeyId, p => p.DiscardedAt = at, cancellationToken);

    /// <summary>Free keys expiring at <paramref name="expiresAt"/>, per account.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountFreeAsync(DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PoolKeys.AsNoTracking()
            .Where(p => p.ClaimedByOrderKeyId == null && p.DiscardedAt == null && p.ExpiresAt == expiresAt)
            .GroupBy(p => p.Account)
            .Select(g => new { Account = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Account, g => g.Count, StringComparer.OrdinalIgnoreCase, cancellationToken);
    }

    /// <summary>
    /// Runs of paid orders due by <paramref name="now"/>, for a key expiring after it, that have no key yet and hold no
    /// pool claim: each will take one key from today's capacity.
    /// </summary>
    public async Task<int> CountWaitingRunsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = from key in db.OrderKeys
                   join order in db.Orders on key.OrderId equals order.Id
                   where key.Status == OrderKeyStatus.Scheduled
                         && (order.Status == OrderStatus.Paid || order.Status == OrderStatus.Provisioning)
                         && key.MintAt <= now
                         && key.ExpiresAt > now
                         // Set<T>(), not the PoolKeys property: a query expression cannot hold an extension property.
                         && !db.Set<PoolKey>().Any(p => p.ClaimedByOrderKeyId == key.Id && p.DiscardedAt == null)
                   select key.Id;
        return await runs.CountAsync(cancellationToken);
    }

    /// <summary>Keys that must leave Venice: expired and never handed out, or discarded.</summary>
    public async Task<IReadOnlyList<PoolKey>> ListToRevokeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PoolKeys.AsNoTracking()
            .Where(p => p.HandedOutAt == null && (p.ExpiresAt <= now || p.DiscardedAt != null))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlySet<string>> KnownVeniceKeyIdsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await db.PoolKeys.AsNoTracking().Select(p => p.VeniceKeyId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Forgets pool rows no longer needed: revoked ones, and handed-out ones whose key has expired.</summary>
    public async Task<int> DeleteAsync(IReadOnlyCollection<Guid> poolKeyIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PoolKeys
            .Where(p => poolKeyIds.Contains(p.Id) || (p.HandedOutAt != null && p.ExpiresAt <= now))
            .ExecuteDeleteAsync(cancellationToken);
    }

    private async Task UpdateAsync(Guid poolKeyId, Action<PoolKey> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.PoolKeys.SingleAsync(p => p.Id == poolKeyId, cancellationToken);
        change(key);
        await db.SaveChangesAsync(cancellationToken);
    }
}
