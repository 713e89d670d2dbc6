using System.Globalization;
using System.Numerics;
using CheapTokens.Core.Payments.X402;

namespace CheapTokens.Tests.Payments.X402;

public class UsdcAmountTests
{
    [Theory]
    [InlineData("1.25", "1250000")]
    [InlineData("0.01", "10000")]
    [InlineData("0.000001", "1")]
    [InlineData("0", "0")]
    [InlineData("123456.780000", "123456780000")]
    public void DollarsBecomeMillionthsExactly(string usd, string atomicUnits)
    {
        Assert.Equal(BigInteger.Parse(atomicUnits), UsdcAmount.ToAtomicUnits(decimal.Parse(usd, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("1250000", "1.25")]
    [InlineData("1", "0.000001")]
    public void MillionthsBecomeDollarsExactly(string atomicUnits, string usd)
    {
        Assert.Equal(decimal.Parse(usd, CultureInfo.InvariantCulture), UsdcAmount.ToUsd(BigInteger.Parse(atomicUnits)));
    }

    [Theory]
    [InlineData("0.0000001")]
    [InlineData("1.2500005")]
    public void AmountFinerThanAMillionthIsRefusedRatherThanRounded(string usd)
    {
        var error = Assert.Throws<ArgumentException>(() => UsdcAmount.ToAtomicUnits(decimal.Parse(usd, CultureInfo.InvariantCulture)));

        Assert.Contains("not a whole number of USDC atomic units", error.Message);
    }

    [Fact]
    public void NegativeAmountIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UsdcAmount.ToAtomicUnits(-0.01m));
        Assert.Throws<ArgumentOutOfRangeException>(() => UsdcAmount.ToUsd(BigInteger.MinusOne));
    }
}
