using CheapTokens.Core.Time;

namespace CheapTokens.Core.Pricing;

/// <summary>
/// The day's time-decay price: a pure function of the instant. Discounts are interpolated linearly
/// between the configured points, so the price never rises within a UTC day and resets at midnight.
/// </summary>
public sealed class PriceCurve
{
    public PriceCurve(decimal listPrice, IReadOnlyList<CurvePoint> points)
    {
        if (points.Count < 2) throw new ArgumentException("A curve needs at least two points.", nameof(points));
        ListPrice = listPrice;
        Points = points;
    }

    public decimal ListPrice { get; }

    public IReadOnlyList<CurvePoint> Points { get; }

    public decimal DiscountPercentAt(DateTimeOffset instant) => DiscountPercentAt(UtcDay.TimeOfDay(instant));

    public decimal DiscountPercentAt(TimeSpan timeOfDay)
    {
        if (timeOfDay <= Points[0].At) return Points[0].DiscountPercent;
        for (var i = 1; i < Points.Count; i++)
        {
            var (from, to) = (Points[i - 1], Points[i]);
            if (timeOfDay > to.At) continue;
            // Ticks are exact integers, so the interpolation stays in decimal without drift.
            var fraction = (decimal)(timeOfDay - from.At).Ticks / (to.At - from.At).Ticks;
            return from.DiscountPercent + (to.DiscountPercent - from.DiscountPercent) * fraction;
        }
        return Points[^1].DiscountPercent;
    }

    public decimal UnitPriceAt(DateTimeOffset instant) => UnitPriceFor(DiscountPercentAt(instant));

    public decimal UnitPriceAt(TimeSpan timeOfDay) => UnitPriceFor(DiscountPercentAt(timeOfDay));

    private decimal UnitPriceFor(decimal discountPercent) => Money.RoundUnitPrice(ListPrice * (100m - discountPercent) / 100m);
}
