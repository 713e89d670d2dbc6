using CheapTokens.Core.Pricing;
using CheapTokens.Core.Orders;

namespace CheapTokens.Tests.Orders;

public class OrderInputRulesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void CreditsWithinOneAndTheMaximumAreAccepted(int credits) =>
        Assert.Null(OrderInputRules.CheckCredits(credits, maxCreditsPerOrder: 1000));

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1001)]
    public void CreditsOutsideTheRangeAreRefused(int? credits) =>
        Assert.NotNull(OrderInputRules.CheckCredits(credits, maxCreditsPerOrder: 1000));

    [Theory]
    [InlineData("buyer@example.com")]
    [InlineData("first.last+tag@sub.example.co.uk")]
    [InlineData("  padded@example.com  ")]
    public void SaneEmailsAreAccepted(string email) => Assert.Null(OrderInputRules.CheckEmail(email));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-at-sign")]
    [InlineData("@example.com")]
    [InlineData("two@@example.com")]
    [InlineData("a@localhost")]
    [InlineData("a b@example.com")]
    [InlineData("a@example..com")]
    [InlineData("a@-example.com")]
    public void MalformedEmailsAreRefused(string? email) => Assert.NotNull(OrderInputRules.CheckEmail(email));

    [Fact]
    public void OverlongEmailIsRefused() =>
        Assert.NotNull(OrderInputRules.CheckEmail(new string('a', 250) + "@example.com"));

    [Fact]
    public void PaymentMethodMustBeOneTheGatewaySupports()
    {
        string[] supported = ["sandbox_ok", "sandbox_declined"];
        Assert.Null(OrderInputRules.CheckPaymentMethod("sandbox_ok", supported));
        Assert.NotNull(OrderInputRules.CheckPaymentMethod("visa", supported));
        Assert.NotNull(OrderInputRules.CheckPaymentMethod("", supported));
        Assert.NotNull(OrderInputRules.CheckPaymentMethod(null, supported));
    }

    [Theory]
    [InlineData("6f1c2a7e-3b4d-4c5e-8f90-a1b2c3d4e5f6")]
    [InlineData("order-attempt-0001")]
    public void WellFormedIdempotencyKeysAreAccepted(string key) => Assert.Null(OrderInputRules.CheckIdempotencyKey(key));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("has a space in it")]
    [InlineData("non-ascii-ключ-1234")]
    public void MalformedIdempotencyKeysAreRefused(string? key) => Assert.NotNull(OrderInputRules.CheckIdempotencyKey(key));

    [Theory]
    // $0.50 at $0.30 a credit: 1 credit is $0.30, 2 are $0.60.
    [InlineData("0.30", "0.50", 2)]
    // Exactly the minimum: 5 credits of $0.10 are $0.50.
    [InlineData("0.10", "0.50", 5)]
    // Rounding to the cent decides: 0.005 rounds away from zero, so 100 credits of $0.004995 are $0.50.
    [InlineData("0.004995", "0.50", 100)]
    // No minimum, or a price of nothing: any order is big enough.
    [InlineData("0.47", "0", 1)]
    [InlineData("0", "0.50", 1)]
    public void FewestUnitsIsTheSmallestOrderWhoseRoundedTotalReachesTheMinimum(string unitPrice, string minimum, int fewest)
    {
        var price = decimal.Parse(unitPrice, System.Globalization.CultureInfo.InvariantCulture);
        var charge = decimal.Parse(minimum, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(fewest, OrderInputRules.FewestUnits(price, charge));
        if (fewest > 1 && price > 0)
        {
            Assert.True(Money.Total(price, fewest) >= charge);
            Assert.True(Money.Total(price, fewest - 1) < charge);
            // The page's check and the server's agree at the edge.
            Assert.Null(OrderInputRules.CheckMinimumCharge(Money.Total(price, fewest), fewest, charge, pass: false));
            Assert.NotNull(OrderInputRules.CheckMinimumCharge(Money.Total(price, fewest - 1), fewest - 1, charge, pass: false));
        }
    }
}
