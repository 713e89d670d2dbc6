using CheapTokens.Blazor.Components.Shared;

namespace CheapTokens.Tests.Components;

public class DurationsTests
{
    [Theory]
    [InlineData(4 * 86_400 + 21 * 3_600 + 14 * 60 + 5, "4 d 21 h")]
    [InlineData(2 * 86_400, "2 d")]
    [InlineData(21 * 3_600 + 14 * 60 + 59, "21 h 14 min")]
    [InlineData(3 * 3_600, "3 h")]
    [InlineData(3_600, "1 h")]
    [InlineData(3_599, "59 min 59 s")]
    [InlineData(14 * 60 + 5, "14 min 05 s")]
    [InlineData(60, "1 min 00 s")]
    [InlineData(42, "42 s")]
    [InlineData(0, "0 s")]
    public void ReadsAsAPersonWouldSayIt(int seconds, string expected) =>
        Assert.Equal(expected, Durations.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void SecondsOnlyInTheLastHour()
    {
        Assert.DoesNotContain(" s", Durations.Format(TimeSpan.FromSeconds(3_600 + 59)));
        Assert.EndsWith(" s", Durations.Format(TimeSpan.FromSeconds(3_599)));
    }

    [Fact]
    public void PartsOfASecondRoundUpSoZeroComesExactlyAtTheMoment()
    {
        Assert.Equal("1 s", Durations.Format(TimeSpan.FromMilliseconds(200)));
        Assert.Equal(1, Durations.Seconds(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void ThePastIsZero() => Assert.Equal("0 s", Durations.Format(TimeSpan.FromSeconds(-5)));
}
