namespace CheapTokens.Core.Time;

/// <summary>UTC calendar arithmetic: credits perish at 00:00:00.000 UTC, so every expiry is a UTC midnight.</summary>
public static class UtcDay
{
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first midnight strictly after <paramref name="instant"/>: bought at 00:00:00.000 gives a full 24 h.</summary>
    public static DateTimeOffset NextMidnight(DateTimeOffset instant) => StartOf(DateOf(instant).AddDays(1));

    public static TimeSpan TimeOfDay(DateTimeOffset instant) => instant.UtcDateTime.TimeOfDay;
}
