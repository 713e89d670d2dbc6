using CheapTokens.Core.Orders;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Orders;

public class QuoteTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void QuoteIsHeldForSixtySecondsByDefault()
    {
        var clock = new FakeTimeProvider(Noon);
        var quote = Quote.Create(3, 0.7m, clock.GetUtcNow());

        Assert.Equal(Noon.AddSeconds(60), quote.ExpiresAt);
        clock.Advance(TimeSpan.FromSeconds(59.999));
        Assert.False(quote.IsExpiredAt(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(quote.IsExpiredAt(clock.GetUtcNow()));
    }

    [Fact]
    public void HoldIsConfigurable()
    {
        var quote = Quote.Create(3, 0.7m, Noon, TimeSpan.FromSeconds(10));
        Assert.Equal(Noon.AddSeconds(10), quote.ExpiresAt);
    }

    [Fact]
    public void HoldNeverRunsPastMidnightWhenThePriceResets()
    {
        var lateEvening = new DateTimeOffset(2026, 11, 21, 23, 59, 30, TimeSpan.Zero);
        var quote = Quote.Create(3, 0.25m, lateEvening);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), quote.ExpiresAt);
        Assert.Equal(new DateOnly(2026, 11, 21), quote.SupplyDate);
    }

    [Fact]
    public void TotalIsUnitPriceTimesCreditsInCents()
    {
        var quote = Quote.Create(3, 0.333333m, Noon);
        Assert.Equal(1.00m, quote.Total);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void QuoteNeedsAtLeastOneCredit(int credits) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Quote.Create(credits, 0.7m, Noon));
}
