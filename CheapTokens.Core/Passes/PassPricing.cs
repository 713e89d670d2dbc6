using CheapTokens.Core.Pricing;
using CheapTokens.Core.Time;

namespace CheapTokens.Core.Passes;

/// <summary>One date of a pass: its unit price per diem and its price for the day's diem.</summary>
public sealed record PassDatePrice(DateOnly Date, decimal UnitPrice, decimal Price);

/// <summary>
/// Prices a pass date by date: today at today's live decayed unit price, a future date at list price less
/// the advance discount. Each date's price is rounded to cents on its own; the total is their sum.
/// </summary>
public sealed class PassPricing(PriceCurve curve, decimal advanceDiscountPercent)
{
    public decimal AdvanceUnitPrice { get; } = Money.RoundUnitPrice(curve.ListPrice * (100m - advanceDiscountPercent) / 100m);

    public decimal UnitPriceFor(DateOnly date, DateTimeOffset now)
    {
        var today = UtcDay.DateOf(now);
        if (date < today) throw new ArgumentOutOfRangeException(nameof(date), $"{IsoDate.Format(date)} is in the past.");
        return date == today ? curve.UnitPriceAt(now) : AdvanceUnitPrice;
    }

    public IReadOnlyList<PassDatePrice> Price(int diemPerDay, IReadOnlyList<DateOnly> dates, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(diemPerDay, 1);
        return dates.Select(date =>
        {
            var unit = UnitPriceFor(date, now);
            return new PassDatePrice(date, unit, Money.Total(unit, diemPerDay));
        }).ToList();
    }

    public static decimal Total(IEnumerable<PassDatePrice> lines) => lines.Sum(l => l.Price);
}
