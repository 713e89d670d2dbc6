using System.Globalization;

namespace CheapTokens.Blazor.Hosting;

/// <summary>
/// "Clock:OffsetSeconds": runs the whole store that many seconds ahead of (or behind) the system clock, for load runs
/// that need it to be, say, 23:30 UTC now. Configuration only: in Production it is refused unless
/// "Clock:AllowOffsetInProduction" is true, so a stray setting cannot move a live store's midnight.
/// </summary>
public static class ClockOffset
{
    public const string SectionName = "Clock";

    /// <summary>The app's clock: the system clock, shifted when an offset is configured and allowed.</summary>
    /// <exception cref="InvalidOperationException">The offset is malformed, or set in Production without being allowed.</exception>
    public static TimeProvider Create(IConfiguration configuration, IHostEnvironment environment)
    {
        var raw = configuration[$"{SectionName}:OffsetSeconds"];
        if (string.IsNullOrWhiteSpace(raw)) return TimeProvider.System;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds)
            || Math.Abs(seconds) > TimeSpan.FromDays(366).TotalSeconds)
            throw new InvalidOperationException($"{SectionName}:OffsetSeconds must be a number of seconds within a year (got '{raw}').");
        if (seconds == 0) return TimeProvider.System;
        if (environment.IsProduction() && !configuration.GetValue<bool>($"{SectionName}:AllowOffsetInProduction"))
            throw new InvalidOperationException(
                $"{SectionName}:OffsetSeconds is set in Production; it is for load runs only. Set {SectionName}:AllowOffsetInProduction=true to allow it.");
        return new OffsetTimeProvider(TimeProvider.System, TimeSpan.FromSeconds(seconds));
    }

    /// <summary>Another clock shifted by a fixed offset; timers and time zones are the inner clock's.</summary>
    private sealed class OffsetTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override long GetTimestamp() => inner.GetTimestamp();
    }
}
