using CheapTokens.Core.Pricing;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>The wire shape of a snapshot, shared by GET /api/prices and the hub.</summary>
public sealed record PriceSnapshotDto(
    DateTimeOffset AsOf,
    decimal ListPrice,
    decimal UnitPrice,
    decimal DiscountPercent,
    DateTimeOffset NextMidnightUtc,
    long SecondsToMidnight,
    SupplySnapshot Supply,
    bool SoldOut,
    IReadOnlyList<CurvePointSnapshot> Curve,
    int? OrdersLeftToday,
    bool SalesPaused,
    string? PauseReason)
{
    public static PriceSnapshotDto From(PriceSnapshot s) => new(
        s.AsOf.ToUniversalTime(), s.ListPrice, s.UnitPrice, s.DiscountPercent, s.NextMidnightUtc,
        (long)Math.Ceiling(s.UntilMidnight.TotalSeconds), s.Supply, s.SoldOut, s.Curve, s.OrdersLeftToday,
        s.SalesPausedReason is not null, s.SalesPausedReason);
}
