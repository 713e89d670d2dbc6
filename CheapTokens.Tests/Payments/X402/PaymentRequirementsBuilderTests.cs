using CheapTokens.Core.Payments.X402;

namespace CheapTokens.Tests.Payments.X402;

public class PaymentRequirementsBuilderTests
{
    private static readonly Uri Resource = new("https://store.example/api/x402/orders");
    private const string PayTo = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";

    [Fact]
    public void RequirementAsksExactlyTheQuoteTotalInUsdcOnTheNetwork()
    {
        var offered = PaymentRequirementsBuilder.Build(
            8.33m, Resource, "25 one-day Venice.ai API keys", PayTo, X402Network.Base, TimeSpan.FromMinutes(10));

        Assert.Equal(new PaymentRequirements
        {
            Scheme = "exact",
            Network = "base",
            MaxAmountRequired = "8330000",
            Resource = "https://store.example/api/x402/orders",
            Description = "25 one-day Venice.ai API keys",
            MimeType = "application/json",
            PayTo = PayTo,
            MaxTimeoutSeconds = 600,
            Asset = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
            Extra = new PaymentRequirementsExtra("USD Coin", "2"),
        }, offered);
    }

    [Fact]
    public void TimeoutIsTheQuotesRemainingLifeRoundedDown()
    {
        var offered = PaymentRequirementsBuilder.Build(
            1m, Resource, "key", PayTo, X402Network.BaseSepolia, TimeSpan.FromSeconds(299.9));

        Assert.Equal(299, offered.MaxTimeoutSeconds);
    }

    [Theory]
    [InlineData(6.9)]
    [InlineData(0)]
    [InlineData(-30)]
    public void QuoteTooCloseToExpiryToSettleGetsNoRequirement(double secondsLeft)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PaymentRequirementsBuilder.Build(
            1m, Resource, "key", PayTo, X402Network.BaseSepolia, TimeSpan.FromSeconds(secondsLeft)));
    }

    [Fact]
    public void QuoteTotalFinerThanAMillionthIsRefused()
    {
        Assert.Throws<ArgumentException>(() => PaymentRequirementsBuilder.Build(
            1.0000001m, Resource, "key", PayTo, X402Network.BaseSepolia, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void FreeOrNegativeQuoteIsRefused(string total)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PaymentRequirementsBuilder.Build(
            decimal.Parse(total), Resource, "key", PayTo, X402Network.BaseSepolia, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("0x209693bc6afc0c5328ba36faf03c514ef312287c")]
    [InlineData("0x209693BC6AFC0C5328BA36FAF03C514EF312287C")]
    public void PayToInOneCaseIsTakenWithoutChecksum(string payTo)
    {
        Assert.Equal(payTo, PaymentRequirementsBuilder.Build(
            1m, Resource, "key", payTo, X402Network.BaseSepolia, TimeSpan.FromMinutes(5)).PayTo);
    }

    [Theory]
    [InlineData("0x209693Bc6afc0C5328bA36FaF03C514EF312287c")] // one letter's case wrong: a typo the checksum catches
    [InlineData("0x209693Bc6afc0C5328bA36FaF03C514EF312287")]
    [InlineData("209693Bc6afc0C5328bA36FaF03C514EF312287C")]
    [InlineData("")]
    public void PayToThatIsNotAnAddressIsRefused(string payTo)
    {
        var error = Assert.Throws<ArgumentException>(() => PaymentRequirementsBuilder.Build(
            1m, Resource, "key", payTo, X402Network.BaseSepolia, TimeSpan.FromMinutes(5)));

        Assert.Contains("pay-to address", error.Message);
    }

    [Fact]
    public void RelativeResourceIsRefused()
    {
        Assert.Throws<ArgumentException>(() => PaymentRequirementsBuilder.Build(
            1m, new Uri("/api/x402/orders", UriKind.Relative), "key", PayTo, X402Network.BaseSepolia, TimeSpan.FromMinutes(5)));
    }
}
