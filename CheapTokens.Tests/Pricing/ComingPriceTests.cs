using CheapTokens.Core.Pricing;

namespace CheapTokens.Tests.Pricing;

public class ComingPriceTests
{
    /// <summary>$1.00 at 00:00 down to $0.10 at 24:00: every hour has its own price.</summary>
    private static readonly PriceCurve Curve = new(1m, [new CurvePoint(TimeSpan.Zero, 0m), new CurvePoint(TimeSpan.FromDays(1), 90m)]);

    private static DateTimeOffset At(int hour, int minute = 0) => new(2026, 11, 29, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void ComingHoursRunFromTheNextWholeHourTo23AtTheCurvesPrices()
    {
        var coming = ComingPrice.Today(Curve, At(14, 20));

        // Four hours spread over 15:00 to 23:00, each priced by the curve: 15/24 of 90% off is 56.25% off, and so on.
        Assert.Equal([At(15), At(18), At(20), At(23)], coming.Select(c => c.At));
        Assert.Equal([0.4375m, 0.325m, 0.25m, 0.1375m], coming.Select(c => c.UnitPrice));
        Assert.All(coming, c => Assert.Equal(Curve.UnitPriceAt(c.At), c.UnitPrice));
    }

    [Fact]
    public void LateInTheDayFewerHoursAreLeftAndInTheLastNone()
    {
        Assert.Equal([At(22), At(23)], ComingPrice.Today(Curve, At(21, 59)).Select(c => c.At));
        Assert.Equal([At(23)], ComingPrice.Today(Curve, At(22, 0)).Select(c => c.At));
        Assert.Empty(ComingPrice.Today(Curve, At(23, 0)));
    }

    [Fact]
    public void OneHourAskedForIsTheNextOne()
    {
        Assert.Equal([At(1)], ComingPrice.Today(Curve, At(0, 30), count: 1).Select(c => c.At));
        Assert.Throws<ArgumentOutOfRangeException>(() => ComingPrice.Today(Curve, At(0, 30), count: 0));
    }
}
