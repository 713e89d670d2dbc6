using CheapTokens.Core.Pricing;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Pricing;

public class PriceCurveTests
{
    private static readonly PriceCurve DefaultCurve = AppSettings.Pricing().BuildCurve();
    private static readonly DateOnly Day = new(2026, 1, 15);

    private static DateTimeOffset At(int hour, int minute = 0, int second = 0, int millisecond = 0) =>
        new(Day.ToDateTime(new TimeOnly(hour, minute, second, millisecond)), TimeSpan.Zero);

    [Theory]
    [InlineData(0, 0, "0.800000")]
    [InlineData(12, 0, "0.700000")]
    [InlineData(18, 0, "0.570000")]
    [InlineData(21, 0, "0.360000")]
    [InlineData(22, 30, "0.270000")]
    [InlineData(23, 0, "0.250000")]
    public void UnitPriceAtAConfiguredPointIsListLessThatPointsDiscount(int hour, int minute, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DefaultCurve.UnitPriceAt(At(hour, minute)));
    }

    [Fact]
    public void UnitPriceBetweenPointsIsInterpolatedLinearly()
    {
        // 06:00 is half way from 20% (00:00) to 30% (12:00).
        Assert.Equal(25m, DefaultCurve.DiscountPercentAt(At(6)));
        Assert.Equal(0.75m, DefaultCurve.UnitPriceAt(At(6)));
    }

    [Fact]
    public void UnitPriceKeepsSixDecimals()
    {
        var price = DefaultCurve.UnitPriceAt(At(1, 0, 1));
        Assert.Equal(price, Math.Round(price, 6));
        Assert.NotEqual(Math.Round(price, 4), price);
    }

    [Fact]
    public void UnitPriceNeverRisesWithinAUtcDay()
    {
        var previous = decimal.MaxValue;
        for (var t = At(0); t < At(0).AddDays(1); t = t.AddSeconds(37))
        {
            var price = DefaultCurve.UnitPriceAt(t);
            Assert.True(price <= previous, $"price rose at {t:O}: {previous} -> {price}");
            previous = price;
        }
    }

    [Fact]
    public void UnitPriceStaysBetweenTheLastPointsPriceAndList()
    {
        var floor = DefaultCurve.UnitPriceAt(TimeSpan.FromDays(1));
        for (var t = At(0); t < At(0).AddDays(1); t = t.AddMinutes(7))
        {
            var price = DefaultCurve.UnitPriceAt(t);
            Assert.InRange(price, floor, DefaultCurve.ListPrice);
        }
    }

    [Fact]
    public void PriceResetsToTheFirstPointAtMidnightRollover()
    {
        var lastMillisecond = At(23, 59, 59, 999);
        var midnight = lastMillisecond.AddMilliseconds(1);

        Assert.Equal(0.25m, DefaultCurve.UnitPriceAt(lastMillisecond));
        Assert.Equal(0.80m, DefaultCurve.UnitPriceAt(midnight));
        Assert.Equal(TimeSpan.Zero, midnight.UtcDateTime.TimeOfDay);
    }

    [Fact]
    public void SameInstantAlwaysGivesTheSamePrice()
    {
        var instant = At(19, 12, 34, 567);
        var again = AppSettings.Pricing().BuildCurve();
        Assert.Equal(DefaultCurve.UnitPriceAt(instant), again.UnitPriceAt(instant));
        Assert.Equal(DefaultCurve.UnitPriceAt(instant), DefaultCurve.UnitPriceAt(instant));
    }

    [Fact]
    public void ListPriceScalesEveryPoint()
    {
        var options = AppSettings.Pricing();
        options.ListPrice = 2.50m;
        var curve = options.BuildCurve();
        Assert.Equal(2.00m, curve.UnitPriceAt(At(0)));
        Assert.Equal(0.625m, curve.UnitPriceAt(At(23, 30)));
    }

    [Fact]
    public void NonUtcInstantIsPricedByItsUtcTimeOfDay()
    {
        var utcNoon = At(12);
        var sameInstantInNewYork = utcNoon.ToOffset(TimeSpan.FromHours(-5));
        Assert.Equal(DefaultCurve.UnitPriceAt(utcNoon), DefaultCurve.UnitPriceAt(sameInstantInNewYork));
    }

    [Theory]
    // appsettings.json's curve: $0.80 at 00:00, 25% off ($0.75) half way to 12:00's 30%.
    [InlineData("0.75", "06:00")]
    [InlineData("0.749999", "06:01")]
    // $0.36 is 21:00's own point; $0.25 is reached at 23:00 and held to midnight.
    [InlineData("0.36", "21:00")]
    [InlineData("0.25", "23:00")]
    // Already there at midnight.
    [InlineData("0.80", "00:00")]
    public void TheFirstMinuteThePriceIsDownToAGivenOneIsReadFromTheCurve(string price, string expected)
    {
        var at = DefaultCurve.FirstMinuteAtOrBelow(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), at);
        Assert.True(DefaultCurve.UnitPriceAt(at!.Value) <= decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture));
        if (at > TimeSpan.Zero)
            Assert.True(DefaultCurve.UnitPriceAt(at.Value - TimeSpan.FromMinutes(1)) > decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void APriceTheCurveNeverComesDownToHasNoMinute()
    {
        // The default curve ends at $0.25: it never reaches $0.24.
        Assert.Null(DefaultCurve.FirstMinuteAtOrBelow(0.24m));
    }
}
