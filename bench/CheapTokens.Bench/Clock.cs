using System.Diagnostics;

namespace CheapTokens.Bench;

/// <summary>
/// Elapsed time from <see cref="Stopwatch"/>; wall time (Unix ms, sub-millisecond) from <see cref="TimeProvider.System"/>,
/// the same system clock the store under test stamps its snapshots with.
/// </summary>
public sealed class Clock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public double ElapsedMs => Stopwatch.GetElapsedTime(_start).TotalMilliseconds;

    public static double UnixMs() => ToUnixMs(TimeProvider.System.GetUtcNow());

    public static double ToUnixMs(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerMillisecond;

    public static DateTimeOffset UtcNow() => TimeProvider.System.GetUtcNow();
}
