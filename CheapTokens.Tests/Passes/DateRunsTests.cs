using CheapTokens.Core.Passes;

namespace CheapTokens.Tests.Passes;

public class DateRunsTests
{
    private static DateOnly Nov(int day) => new(2026, 11, day);

    [Fact]
    public void ConsecutiveDatesFormOneRunAndGapsStartANewOne()
    {
        var runs = DateRuns.Split([Nov(21), Nov(22), Nov(23), Nov(25), Nov(27), Nov(28)]);

        Assert.Equal([new DateRun(Nov(21), Nov(23)), new DateRun(Nov(25), Nov(25)), new DateRun(Nov(27), Nov(28))], runs);
        Assert.Equal([3, 1, 2], runs.Select(r => r.Days));
    }

    [Fact]
    public void ARunMayCrossAMonthEnd()
    {
        var runs = DateRuns.Split([Nov(29), Nov(30), new DateOnly(2026, 12, 1)]);

        Assert.Equal(new DateRun(Nov(29), new DateOnly(2026, 12, 1)), Assert.Single(runs));
    }

    [Fact]
    public void NoDatesMeansNoRuns() => Assert.Empty(DateRuns.Split([]));

    [Fact]
    public void UnsortedOrDuplicateDatesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => DateRuns.Split([Nov(22), Nov(21)]));
        Assert.Throws<ArgumentException>(() => DateRuns.Split([Nov(22), Nov(22)]));
    }

    [Fact]
    public void ARunExpiresAtMidnightUtcAfterItsLastDate()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), DateRuns.ExpiresAt(new DateRun(Nov(21), Nov(23))));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), DateRuns.ExpiresAt(new DateRun(Nov(30), Nov(30))));
    }

    [Fact]
    public void ARunContainingTodayIsMintedNowAndALaterRunAtMidnightOfItsFirstDate()
    {
        var now = new DateTimeOffset(2026, 11, 21, 15, 30, 0, TimeSpan.Zero);

        Assert.Equal(now, DateRuns.MintAt(new DateRun(Nov(21), Nov(22)), now));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), DateRuns.MintAt(new DateRun(Nov(25), Nov(26)), now));
    }
}
