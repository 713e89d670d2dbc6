using CheapTokens.Core.Passes;
using CheapTokens.Core.Pricing;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Passes;

public class PassPricingTests
{
    // Default curve: 36.5 % off at 15:00, so today's unit price is 0.635 at list 1.00.
    private static readonly DateTimeOffset Afternoon = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);
    private static readonly PriceCurve Curve = AppSettings.Pricing().BuildCurve();

    [Fact]
    public void TodayIsPricedAtTheLiveDecayedUnitPrice()
    {
        var pricing = new PassPricing(Curve, advanceDiscountPercent: 25);

        Assert.Equal(Curve.UnitPriceAt(Afternoon), pricing.UnitPriceFor(new DateOnly(2026, 11, 21), Afternoon));
        Assert.Equal(0.635m, pricing.UnitPriceFor(new DateOnly(2026, 11, 21), Afternoon));
    }

    [Fact]
    public void AFutureDateIsListPriceLessTheAdvanceDiscount()
    {
        Assert.Equal(0.75m, new PassPricing(Curve, 25).UnitPriceFor(new DateOnly(2026, 11, 22), Afternoon));
        Assert.Equal(0.9m, new PassPricing(Curve, 10).UnitPriceFor(new DateOnly(2026, 12, 20), Afternoon));
    }

    [Fact]
    public void EachDateIsPricedForTheDiemPerDayAndTheTotalIsTheirSum()
    {
        var lines = new PassPricing(Curve, 25).Price(7, [new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 23)], Afternoon);

        Assert.Equal(
            [new PassDatePrice(new DateOnly(2026, 11, 21), 0.635m, 4.45m), new PassDatePrice(new DateOnly(2026, 11, 23), 0.75m, 5.25m)],
            lines);
        Assert.Equal(9.70m, PassPricing.Total(lines));
    }

    [Fact]
    public void APastDateHasNoPrice() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PassPricing(Curve, 25).UnitPriceFor(new DateOnly(2026, 11, 20), Afternoon));
}
