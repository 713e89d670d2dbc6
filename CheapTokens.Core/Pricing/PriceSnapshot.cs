using CheapTokens.Core.Time;

namespace CheapTokens.Core.Pricing;

/// <summary>What every open page and subscriber sees at one tick.</summary>
public sealed record PriceSnapshot(
    DateTimeOffset AsOf,
    decimal ListPrice,
    decimal UnitPrice,
    decimal DiscountPercent,
    DateTimeOffset NextMidnightUtc,
    SupplySnapshot Supply,
    bool SoldOut,
    IReadOnlyList<CurvePointSnapshot> Curve)
{
    public TimeSpan UntilMidnight => NextMidnightUtc - AsOf;

    /// <summary>Builds the board from the curve, the instant and the credits already sold that UTC day.</summary>
    public static PriceSnapshot Compute(PriceCurve curve, int dailySupply, int soldToday, DateTimeOffset now)
    {
        var remaining = Math.Max(0, dailySupply - soldToday);
        return new PriceSnapshot(
            now,
            curve.ListPrice,
            curve.UnitPriceAt(now),
            Math.Round(curve.DiscountPercentAt(now), 4, MidpointRounding.AwayFromZero),
            UtcDay.NextMidnight(now),
            new SupplySnapshot(dailySupply, remaining),
            remaining == 0,
            curve.Points.Select(p => new CurvePointSnapshot(p.AtText, p.DiscountPercent, curve.UnitPriceAt(p.At))).ToList());
    }
}

public sealed record SupplySnapshot(int Total, int Remaining);

public sealed record CurvePointSnapshot(string At, decimal DiscountPercent, decimal UnitPrice);
