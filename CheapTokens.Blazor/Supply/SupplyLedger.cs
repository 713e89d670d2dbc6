using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Pricing;
using CheapTokens.Core.Supply;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Supply;

/// <summary>What reserving supply found: reserved, not enough left, or enough left but unpaid holds at their share.</summary>
public enum Reservation { Reserved, SoldOut, HoldsFull }

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
    public async Task<bool> TryReserveAsync(StoreDbContext db, IReadOnlyCollection<DateOnly> utcDates, int credits, CancellationToken cancellationToken) =>
        await TryReserveAsync(db, utcDates, credits, heldPercent: null, cancellationToken) == Reservation.Reserved;

    /// <summary>
    /// Reserves <paramref name="credits"/> on every date for an order not paid yet, counted as held: on each date the
    /// held credits stay within <paramref name="heldPercent"/> of what is not paid for yet (supply − paid), so unpaid
    /// orders never take the last credits of a date. Same transaction rules as <see cref="TryReserveAsync(StoreDbContext, IReadOnlyCollection{DateOnly}, int, CancellationToken)"/>.
    /// </summary>
    public Task<Reservation> TryHoldAsync(StoreDbContext db, IReadOnlyCollection<DateOnly> utcDates, int credits, int heldPercent, CancellationToken cancellationToken) =>
        TryReserveAsync(db, utcDates, credits, heldPercent, cancellationToken);

    private async Task<Reservation> TryReserveAsync(StoreDbContext db, IReadOnlyCollection<DateOnly> utcDates, int credits, int? heldPercent, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(credits, 1);
        RequireTransaction(db);
        var supply = DailySupply;
        // Always in date order: two orders locking the same days in opposite orders would deadlock on PostgreSQL.
        foreach (var date in utcDates.Distinct().Order())
        {
            // The day's row first (a no-op when it exists; on PostgreSQL a racing insert waits, then does nothing).
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO \"DailySales\" (\"Date\", \"Sold\", \"Held\") VALUES ({date}, 0, 0) ON CONFLICT DO NOTHING", cancellationToken);
            // One conditional update: the row lock orders racing buyers, and each re-checks the supply after the one before.
            var reserved = heldPercent is { } percent
                ? await db.DailySales
                    .Where(s => s.Date == date && s.Sold + credits <= supply && (s.Held + credits) * 100 <= percent * (supply - s.Sold + s.Held))
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Sold, x => x.Sold + credits).SetProperty(x => x.Held, x => x.Held + credits), cancellationToken)
                : await db.DailySales
                    .Where(s => s.Date == date && s.Sold + credits <= supply)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Sold, x => x.Sold + credits), cancellationToken);
            if (reserved == 1) continue;
            if (heldPercent is null) return Reservation.SoldOut;
            var sold = await db.DailySales.Where(s => s.Date == date).Select(s => s.Sold).SingleAsync(cancellationToken);
            return sold + credits <= supply ? Reservation.HoldsFull : Reservation.SoldOut;
        }
        return Reservation.Reserved;
    }

    /// <summary>
    /// Ends an unpaid order's hold inside the caller's open transaction: paid, its credits stay sold and are no longer
    /// counted as held; otherwise <see cref="ReleaseAsync"/> gives them back as well.
    /// </summary>
    public async Task EndHoldAsync(StoreDbContext db, IReadOnlyCollection<DateOnly> utcDates, int credits, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(credits, 1);
        RequireTransaction(db);
        foreach (var date in utcDates.Distinct().Order())
        {
            await db.DailySales
                .Where(s => s.Date == date)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Held, x => x.Held > credits ? x.Held - credits : 0), cancellationToken);
        }
    }

    /// <summary>Credits held by unpaid orders on a date.</summary>
    public async Task<int> HeldOnAsync(DateOnly utcDate, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DailySales.AsNoTracking().Where(s => s.Date == utcDate).Select(s => s.Held).FirstOrDefaultAsync(cancellationToken);
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
