using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>
/// Several nodes (PostgreSQL) tick on their own, each at its own moment within a second, and a sale between two nodes'
/// ticks would show on one and not yet on the other. So the first node to compute the board for a second writes its
/// credits left and orders left for that second (an insert that does nothing if the second is taken), and every node,
/// itself included, shows what that row holds: the same figures on every node for the same second. On SQLite there is
/// one node and its own figures stand.
/// </summary>
public sealed class SharedBoard(IDbContextFactory<StoreDbContext> dbFactory, IOptions<DatabaseOptions> database)
{
    /// <summary>Rows older than this are deleted once a minute by the node that writes the minute's first second.</summary>
    private const long KeepSeconds = 600;

    public async Task<(int SupplyRemaining, int? OrdersLeftToday)> AgreeAsync(
        DateTimeOffset now, int supplyRemaining, int? ordersLeftToday, CancellationToken cancellationToken)
    {
        if (!database.Value.IsPostgres) return (supplyRemaining, ordersLeftToday);
        var second = now.ToUnixTimeSeconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var written = await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO "BoardSeconds" ("UnixSecond", "SupplyRemaining", "OrdersLeftToday") VALUES ({second}, {supplyRemaining}, {ordersLeftToday})
             ON CONFLICT ("UnixSecond") DO NOTHING
             """, cancellationToken);
        if (written == 1)
        {
            if (second % 60 == 0) await db.BoardSeconds.Where(b => b.UnixSecond < second - KeepSeconds).ExecuteDeleteAsync(cancellationToken);
            return (supplyRemaining, ordersLeftToday);
        }
        var agreed = await db.BoardSeconds.AsNoTracking().SingleAsync(b => b.UnixSecond == second, cancellationToken);
        return (agreed.SupplyRemaining, agreed.OrdersLeftToday);
    }
}
