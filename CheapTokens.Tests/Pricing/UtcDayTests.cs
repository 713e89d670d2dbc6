using CheapTokens.Core.Time;

namespace CheapTokens.Tests.Pricing;

public class UtcDayTests
{
    [Fact]
    public void BoughtJustBeforeMidnightExpiresAtThatMidnight()
    {
        var bought = new DateTimeOffset(2026, 1, 15, 23, 59, 59, 900, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromMilliseconds(100), UtcDay.NextMidnight(bought) - bought);
    }

    [Fact]
    public void BoughtExactlyAtMidnightExpiresAFullDayLater()
    {
        var bought = new DateTimeOffset(2026, 1, 16, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromHours(24), UtcDay.NextMidnight(bought) - bought);
    }

    [Fact]
    public void NextMidnightOfANonUtcInstantIsAUtcMidnight()
    {
        var tokyoMorning = new DateTimeOffset(2026, 1, 16, 8, 0, 0, TimeSpan.FromHours(9)); // 23:00 UTC on the 15th
        Assert.Equal(new DateTimeOffset(2026, 1, 16, 0, 0, 0, TimeSpan.Zero), UtcDay.NextMidnight(tokyoMorning));
    }
}
