using CheapTokens.Core.Pricing;

namespace CheapTokens.Tests.Pricing;

public class MoneyTests
{
    [Theory]
    [InlineData("0.005", "0.01")]
    [InlineData("0.015", "0.02")]
    [InlineData("0.0049", "0.00")]
    [InlineData("12.345", "12.35")]
    public void TotalsRoundToCentsHalfUp(string amount, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Money.RoundTotal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void TotalIsUnitPriceTimesQuantityRoundedToCents()
    {
        Assert.Equal(8.33m, Money.Total(0.333333m, 25));
        Assert.Equal(0.27m, Money.Total(0.265m, 1));
    }

    [Fact]
    public void UnitPriceRoundsToSixDecimalsHalfUp()
    {
        Assert.Equal(0.123457m, Money.RoundUnitPrice(0.1234565m));
    }
}
