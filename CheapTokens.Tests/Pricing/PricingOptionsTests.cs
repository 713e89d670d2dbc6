using CheapTokens.Core.Pricing;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Pricing;

public class PricingOptionsTests
{
    private static PricingOptions WithCurve(params (string At, decimal Discount)[] points) => new()
    {
        Curve = points.Select(p => new CurvePointOptions { At = p.At, DiscountPercent = p.Discount }).ToList(),
    };

    [Fact]
    public void TheShippedConfigurationIsValid()
    {
        Assert.Empty(AppSettings.Pricing().Validate());
    }

    [Fact]
    public void UnsortedPointsAreRejectedNamingTheKey()
    {
        var errors = WithCurve(("00:00", 10), ("18:00", 20), ("12:00", 30), ("24:00", 40)).Validate();
        Assert.Contains(errors, e => e.StartsWith("Pricing:Curve:2:At", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100.5)]
    public void DiscountOutsideZeroToHundredIsRejected(double discount)
    {
        var errors = WithCurve(("00:00", 0), ("24:00", (decimal)discount)).Validate();
        Assert.Contains(errors, e => e.StartsWith("Pricing:Curve:1:DiscountPercent must be between 0 and 100", StringComparison.Ordinal));
    }

    [Fact]
    public void ACurveWhosePriceWouldRiseIsRejected()
    {
        var errors = WithCurve(("00:00", 30), ("12:00", 20), ("24:00", 40)).Validate();
        Assert.Contains(errors, e => e.StartsWith("Pricing:Curve:1:DiscountPercent", StringComparison.Ordinal) && e.Contains("rise"));
    }

    [Fact]
    public void NegativeSupplyIsRejected()
    {
        var errors = new PricingOptions { DailySupply = -1 }.Validate();
        Assert.Contains(errors, e => e.StartsWith("Pricing:DailySupply", StringComparison.Ordinal));
    }

    [Fact]
    public void ACurveMustSpanTheWholeDay()
    {
        var errors = WithCurve(("01:00", 10), ("23:00", 20)).Validate();
        Assert.Contains(errors, e => e.StartsWith("Pricing:Curve:0:At must be 00:00", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Pricing:Curve:1:At must be 24:00", StringComparison.Ordinal));
    }

    [Fact]
    public void MalformedTimeIsRejected()
    {
        var errors = WithCurve(("00:00", 10), ("noon", 20), ("24:00", 30)).Validate();
        Assert.Contains(errors, e => e.StartsWith("Pricing:Curve:1:At must be a time of day", StringComparison.Ordinal));
    }
}
