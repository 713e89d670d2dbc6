using System.Text.Json.Serialization;
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

    /// <summary>Orders that can still get their key before 00:00 UTC; null when the store does not know it.</summary>
    public int? OrdersLeftToday { get; init; }

    /// <summary>Why sales are paused, while an operator has paused them; null while the store sells.</summary>
    public string? SalesPausedReason { get; init; }

    /// <summary>Builds the board from the curve, the instant and what is left of that UTC day's supply.</summary>
    public static PriceSnapshot Compute(PriceCurve curve, SupplySnapshot supply, DateTimeOffset now) =>
        new(
            now,
            curve.ListPrice,
            curve.UnitPriceAt(now),
            Math.Round(curve.DiscountPercentAt(now), 4, MidpointRounding.AwayFromZero),
            UtcDay.NextMidnight(now),
            supply,
            supply.Remaining == 0,
            curve.Points.Select(p => new CurvePointSnapshot(p.AtText, p.DiscountPercent, curve.UnitPriceAt(p.At)) { Hours = p.Hours }).ToList());
}

public sealed record SupplySnapshot(int Total, int Remaining);

/// <param name="At">The point's time of day as "HH:mm" ("24:00" ends the day), as the API shows it.</param>
public sealed record CurvePointSnapshot(string At, decimal DiscountPercent, decimal UnitPrice)
{
    /// <summary>The same instant as hours since 00:00 UTC, so a chart never parses <see cref="At"/> back. Not on the wire.</summary>
    [JsonIgnore]
    public double Hours { get; init; }
}
