using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.KeyPool;

/// <summary>
/// Several nodes (PostgreSQL): each account's active-key count lives in <c>VeniceAccountTallies</c>, so every node
/// counts the keys the others created or revoked. A sync (once per price tick) adds this node's changes since the last
/// one to the shared row in one statement, then reads every account's row back. A Venice listing (the expired-key
/// sweep) replaces the shared count. On SQLite there is one node and nothing to share.
/// </summary>
public sealed class SharedAccountTallies(IDbContextFactory<StoreDbContext> dbFactory, VeniceAccountStates accounts, IOptions<DatabaseOptions> database)
{
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        if (!database.Value.IsPostgres) return;
        var taken = accounts.All.Select(a => (Account: a, Unshared: a.TakeUnshared())).ToList();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            foreach (var entry in taken.ToList())
            {
                var (account, (count, delta)) = entry;
                var name = account.Name;
                if (count is { } listed)
                {
                    var value = Math.Max(0, listed + delta);
                    await db.Database.ExecuteSqlAsync(
                        $"""
                         INSERT INTO "VeniceAccountTallies" ("Account", "LiveKeys") VALUES ({name}, {value})
                         ON CONFLICT ("Account") DO UPDATE SET "LiveKeys" = excluded."LiveKeys"
                         """, cancellationToken);
                }
                else if (delta != 0)
                {
                    var start = Math.Max(0, delta);
                    await db.Database.ExecuteSqlAsync(
                        $"""
                         INSERT INTO "VeniceAccountTallies" ("Account", "LiveKeys") VALUES ({name}, {start})
                         ON CONFLICT ("Account") DO UPDATE SET "LiveKeys" = GREATEST(0, "VeniceAccountTallies"."LiveKeys" + {delta})
                         """, cancellationToken);
                }
                taken.Remove(entry);
            }
            var shared = await db.VeniceAccountTallies.AsNoTracking().ToDictionaryAsync(t => t.Account, t => t.LiveKeys, cancellationToken);
            foreach (var account in accounts.All)
                if (shared.TryGetValue(account.Name, out var liveKeys)) account.AdoptShared(liveKeys);
        }
        finally
        {
            // Whatever was not written yet goes with the next sync.
            foreach (var (account, unshared) in taken) account.ReturnUnshared(unshared);
        }
    }
}
