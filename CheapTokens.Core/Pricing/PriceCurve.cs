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

    /// <summary>
    /// The first whole minute of the UTC day at which one credit costs <paramref name="unitPrice"/> or less; null when
    /// the price stays above it until 24:00.
    /// </summary>
    public TimeSpan? FirstMinuteAtOrBelow(decimal unitPrice)
    {
        if (UnitPriceAt(Points[0].At) <= unitPrice) return Points[0].At;
        for (var i = 1; i < Points.Count; i++)
        {
            var (from, to) = (Points[i - 1], Points[i]);
            if (UnitPriceAt(to.At) > unitPrice) continue;
            // The price falls to it between these two points: about where the discount reaches the one that gives it;
            // from that minute on, the first whole minute whose (rounded) price is there.
            var discount = 100m - unitPrice * 100m / ListPrice;
            var fraction = Math.Clamp((discount - from.DiscountPercent) / (to.DiscountPercent - from.DiscountPercent), 0m, 1m);
            var at = from.At + TimeSpan.FromTicks((long)(fraction * (to.At - from.At).Ticks));
            var minute = TimeSpan.FromMinutes(Math.Floor(at.TotalMinutes));
            while (minute < to.At && UnitPriceAt(minute) > unitPrice) minute += TimeSpan.FromMinutes(1);
            if (minute > to.At) minute = to.At;
            return minute < TimeSpan.FromDays(1) ? minute : null;
        }
        return null;
    }

    public decimal UnitPriceAt(TimeSpan timeOfDay) => UnitPriceFor(DiscountPercentAt(timeOfDay));

    private decimal UnitPriceFor(decimal discountPercent) => Money.RoundUnitPrice(ListPrice * (100m - discountPercent) / 100m);
}
