using CheapTokens.Core.Time;

namespace CheapTokens.Core.Pricing;

/// <summary>What one credit will cost at a whole UTC hour still to come today, read from the day's curve.</summary>
public sealed record ComingPrice(DateTimeOffset At, decimal UnitPrice)
{
    /// <summary>The day's last whole hour: a key bought at 23:00 still has an hour before it lapses at 00:00 UTC.</summary>
    public const int LastHour = 23;

    /// <summary>
    /// Up to <paramref name="count"/> whole hours after <paramref name="now"/>, spread evenly from the next one to
    /// 23:00 UTC, each with the curve's price then: what waiting until that hour would buy. Empty in the day's last hour.
    /// </summary>
    public static IReadOnlyList<ComingPrice> Today(PriceCurve curve, DateTimeOffset now, int count = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var next = UtcDay.TimeOfDay(now).Hours + 1;
        if (next > LastHour) return [];
        var dayStart = UtcDay.StartOf(UtcDay.DateOf(now));
        var span = LastHour - next;
        return Enumerable.Range(0, count)
            .Select(i => count == 1 ? next : next + (int)Math.Round((decimal)span * i / (count - 1), MidpointRounding.AwayFromZero))
            .Distinct()
            .Select(hour => new ComingPrice(dayStart.AddHours(hour), curve.UnitPriceAt(TimeSpan.FromHours(hour))))
            .ToList();
    }
}
