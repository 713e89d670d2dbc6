using System.Globalization;
using CheapTokens.Blazor.Data;
using CheapTokens.Core.Supply;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Supply;

/// <summary>
/// Daily supply in the DailySales table. Each reservation is one conditional UPDATE, so the database itself
/// refuses a sale that would pass the supply, however many buyers race for the last credits.
/// </summary>
public sealed class SupplyLedger(IDbContextFactory<StoreDbContext> dbFactory) : ISupplyLedger, ISupplyReservations
{
    public async Task<int> GetSoldAsync(DateOnly utcDate, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DailySales.Where(s => s.Date == utcDate).Select(s => s.Sold).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<bool> TryReserveAsync(IReadOnlyCollection<DateOnly> utcDates, int credits, int dailySupply, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await TryReserveAsync(db, utcDates, credits, dailySupply, cancellationToken)) return false;
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task ReleaseAsync(IReadOnlyCollection<DateOnly> utcDates, int credits, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ReleaseAsync(db, utcDates, credits, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Reserves inside the caller's open transaction so it commits or rolls back with the caller's other writes.
    /// On false the caller must roll back: earlier dates of the set may already be counted.
    /// </summary>
    public static async Task<bool> TryReserveAsync(StoreDbContext db, IReadOnlyCollection<DateOnly> utcDates, int credits, int dailySupply, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(credits, 1);
        RequireTransaction(db);
        foreach (var date in utcDates.Distinct())
        {
            var day = Key(date);
            await db.Database.ExecuteSqlInterpolatedAsync($"INSERT OR IGNORE INTO DailySales (Date, Sold) VALUES ({day}, 0)", cancellationToken);
            var reserved = await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE DailySales SET Sold = Sold + {credits} WHERE Date = {day} AND Sold + {credits} <= {dailySupply}",
                cancellationToken);
            if (reserved == 0) return false;
        }
        return true;
    }

    /// <summary>Releases inside the caller's open transaction.</summary>
    public static async Task ReleaseAsync(StoreDbContext db, IReadOnlyCollection<DateOnly> utcDates, int credits, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(credits, 1);
        RequireTransaction(db);
        foreach (var date in utcDates.Distinct())
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE DailySales SET Sold = MAX(0, Sold - {credits}) WHERE Date = {Key(date)}",
                cancellationToken);
        }
    }

    /// <summary>Same text as EF's DateOnly mapping on SQLite, so LINQ and raw SQL address the same row.</summary>
    private static string Key(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void RequireTransaction(StoreDbContext db)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Supply changes must run inside a transaction.");
    }
}
