using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.KeyPool;

/// <summary>
/// Several nodes (PostgreSQL): an account's creations of the last minute are rows of <c>KeyCreationSlots</c>, and a
/// slot is taken under a transaction-scoped advisory lock on the account, so two nodes asking at once cannot both take
/// the last free slot. Each node also records its own creations in its pacer, which the queue's wait estimates read.
/// </summary>
public sealed class SharedKeyCreationBudget(IDbContextFactory<StoreDbContext> dbFactory) : IKeyCreationBudget
{
    private const long WindowMs = 60_000;

    /// <summary>The first key of the advisory lock: keeps these locks apart from any other use of two-key locks.</summary>
    private const int LockSpace = 0x4B435253; // "KCRS"

    /// <summary>Slots this old are no use to any window; each take deletes them.</summary>
    private const long KeepMs = 10 * WindowMs;

    public Task<bool> TryTakeSlotAsync(VeniceAccountState account, DateTimeOffset now, CancellationToken cancellationToken) =>
        TransactionRetry.RunAsync(async () =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var name = account.Name;
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockSpace}, hashtext({name}))", cancellationToken);
            var recent = await InWindow(db, name, nowMs).CountAsync(cancellationToken);
            if (recent >= account.Pacer.CreationsPerMinute) return false;
            db.KeyCreationSlots.Add(new KeyCreationSlot { Account = name, TakenAtUnixMs = nowMs });
            await db.SaveChangesAsync(cancellationToken);
            await db.KeyCreationSlots.Where(s => s.Account == name && s.TakenAtUnixMs <= nowMs - KeepMs).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            account.Pacer.RecordCreation(now);
            return true;
        });

    public async Task<TimeSpan> WaitBeforeNextAsync(VeniceAccountState account, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var taken = await InWindow(db, account.Name, nowMs).OrderBy(s => s.TakenAtUnixMs).Select(s => s.TakenAtUnixMs).ToListAsync(cancellationToken);
        var limit = account.Pacer.CreationsPerMinute;
        if (taken.Count < limit) return TimeSpan.Zero;
        // The next slot frees when enough of the oldest leave the window to bring the count under the limit.
        return TimeSpan.FromMilliseconds(Math.Max(1, taken[taken.Count - limit] + WindowMs - nowMs));
    }

    public async Task<int> RecentCreationsAsync(VeniceAccountState account, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await InWindow(db, account.Name, now.ToUnixTimeMilliseconds()).CountAsync(cancellationToken);
    }

    // As the pacer counts: a creation is in the window while less than a minute old.
    private static IQueryable<KeyCreationSlot> InWindow(StoreDbContext db, string account, long nowMs) =>
        db.KeyCreationSlots.Where(s => s.Account == account && s.TakenAtUnixMs > nowMs - WindowMs);
}
