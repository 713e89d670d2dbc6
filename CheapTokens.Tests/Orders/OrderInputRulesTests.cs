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
}
