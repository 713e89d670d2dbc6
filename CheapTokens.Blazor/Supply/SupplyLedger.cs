using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Pricing;
using CheapTokens.Core.Supply;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Supply;

/// <summary>
/// Daily supply in the DailySales table, the only code that reads or writes it. Each reservation is one
/// conditional UPDATE, so the database itself refuses a sale that would pass the supply, however many buyers
/// race for the last credits. Writes join the caller's transaction, so they commit or roll back with the order.
/// </summary>
public sealed class SupplyLedger(IDbContextFactory<StoreDbContext> dbFactory, LivePricing pricing) : ISupplyLedger
{
    /// <summary>The supply of the pricing version in force.</summary>
    public int DailySupply => pricing.DailySupply;

    /// <summary>What is left on each date, in the order given, in one query.</summary>
    public async Task<IReadOnlyList<DateRemaining>> GetRemainingAsync(IReadOnlyList<DateOnly> utcDates, CancellationToken cancellationToken)
    {
        if (utcDates.Count == 0) return [];
        var (first, last) = (utcDates.Min(), utcDates.Max());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sold = await db.DailySales.AsNoTracking()
            .Where(s => s.Date >= first && s.Date <= last)
            .ToDictionaryAsync(s => s.Date, s => s.Sold, cancellationToken);
        var supply = DailySupply;
        return utcDates.Select(d => new DateRemaining(d, Math.Max(0, supply - sold.GetValueOrDefault(d)))).ToList();
    }

    /// <summary>
    /// Reserves <paramref name="credits"/> on every date inside the caller's open transaction. On false the caller
    /// must roll back: earlier dates of the set may already be counted.
    /// </summary>
    public async Task<bool> TryReserveAsync(StoreDbContext db, IReadOnlyCollection<DateOnly> utcDates, int credits, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(credits, 1);
        RequireTransaction(db);
        var supply = DailySupply;
        // Always in date order: two orders locking the same days in opposite orders would deadlock on PostgreSQL.
        foreach (var date in utcDates.Distinct().Order())
        {
            // The day's row first (a no-op when it exists; on PostgreSQL a racing insert waits, then does nothing).
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO \"DailySales\" (\"Date\", \"Sold\") VALUES ({date}, 0) ON CONFLICT DO NOTHING", cancellationToken);
            // One conditional update: the row lock orders racing buyers, and each re-checks the supply after the one before.
            var reserved = await db.DailySales
                .Where(s => s.Date == date && s.Sold + credits <= supply)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Sold, x => x.Sold + credits), cancellationToken);
            if (reserved == 0) return false;
        }
        return true;
    }

    /// <summary>Gives reserved credits back (declined charge, refund) inside the caller's open transaction. Never below zero.</summary>
    public async Task ReleaseAsync(StoreDbContext db, IReadOnlyCollection<DateOnly> utcDates, int credits, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(credits, 1);
        RequireTransaction(db);
        foreach (var date in utcDates.Distinct().Order())
        {
            await db.DailySales
                .Where(s => s.Date == date)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Sold, x => x.Sold > credits ? x.Sold - credits : 0), cancellationToken);
        }
    }

    private static void RequireTransaction(StoreDbContext db)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Supply changes must run inside a transaction.");
    }
}
