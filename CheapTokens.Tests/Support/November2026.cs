using CheapTokens.Core.Time;

namespace CheapTokens.Tests.Support;

/// <summary>Instants of the month the checkout tests run in, on the app's fake clock.</summary>
public static class November2026
{
    /// <summary>00:00 UTC starting <paramref name="day"/> November 2026.</summary>
    public static DateTimeOffset Midnight(int day) => UtcDay.StartOf(new DateOnly(2026, 11, day));
}
