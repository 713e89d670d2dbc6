using CheapTokens.Core.Pricing;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Pricing;

public class PriceSnapshotTests
{
    private static readonly PriceCurve Curve = AppSettings.Pricing().BuildCurve();
    private static readonly DateTimeOffset Evening = new(2026, 1, 15, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RemainingIsSupplyLessSoldToday()
    {
        var snapshot = PriceSnapshot.Compute(Curve, new SupplySnapshot(Total: 100, Remaining: 70), Evening);
        Assert.Equal(new SupplySnapshot(100, 70), snapshot.Supply);
        Assert.False(snapshot.SoldOut);
    }

    [Fact]
    public void SellingTheWholeSupplyIsSoldOut()
    {
        var snapshot = PriceSnapshot.Compute(Curve, new SupplySnapshot(Total: 100, Remaining: 0), Evening);
        Assert.Equal(0, snapshot.Supply.Remaining);
        Assert.True(snapshot.SoldOut);
    }

    [Fact]
    public void NextMidnightIsTheStartOfTheNextUtcDay()
    {
        var snapshot = PriceSnapshot.Compute(Curve, new SupplySnapshot(100, 100), Evening);
        Assert.Equal(new DateTimeOffset(2026, 1, 16, 0, 0, 0, TimeSpan.Zero), snapshot.NextMidnightUtc);
        Assert.Equal(TimeSpan.FromHours(4), snapshot.UntilMidnight);
    }

    [Fact]
    public void SnapshotCarriesTheDaysCurveWithPrices()
    {
        var snapshot = PriceSnapshot.Compute(Curve, new SupplySnapshot(100, 100), Evening);
        Assert.Equal(["00:00", "12:00", "18:00", "21:00", "22:30", "23:00", "24:00"], snapshot.Curve.Select(p => p.At));
        Assert.Equal(0.80m, snapshot.Curve[0].UnitPrice);
        Assert.Equal(0.25m, snapshot.Curve[^1].UnitPrice);
    }
}
