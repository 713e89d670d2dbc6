using CheapTokens.Core.Time;

namespace CheapTokens.Core.Passes;

/// <summary>Consecutive UTC dates <see cref="From"/>..<see cref="To"/> (both included) served by one key.</summary>
public readonly record struct DateRun(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    public IEnumerable<DateOnly> Dates => Enumerable.Range(0, Days).Select(From.AddDays);
}

/// <summary>
/// Splits a pass's dates into runs of consecutive dates: each run gets one Venice key, minted when the run
/// starts and expiring at the first 00:00:00.000 UTC after its last date.
/// </summary>
public static class DateRuns
{
    /// <param name="dates">Sorted ascending, without duplicates (the caller validates; see <see cref="PassInputRules"/>).</param>
    public static IReadOnlyList<DateRun> Split(IReadOnlyList<DateOnly> dates)
    {
        var runs = new List<DateRun>();
        for (var i = 0; i < dates.Count; i++)
        {
            if (i > 0 && dates[i] <= dates[i - 1])
                throw new ArgumentException($"Dates must be sorted and distinct ({IsoDate.Format(dates[i - 1])} then {IsoDate.Format(dates[i])}).", nameof(dates));
            if (runs.Count > 0 && runs[^1].To.AddDays(1) == dates[i])
                runs[^1] = runs[^1] with { To = dates[i] };
            else
                runs.Add(new DateRun(dates[i], dates[i]));
        }
        return runs;
    }

    /// <summary>00:00:00.000 UTC after the run's last date.</summary>
    public static DateTimeOffset ExpiresAt(DateRun run) => UtcDay.StartOf(run.To.AddDays(1));

    /// <summary>A run that has already begun (it contains today) is minted now; a later run at 00:00 UTC of its first date.</summary>
    public static DateTimeOffset MintAt(DateRun run, DateTimeOffset now) =>
        run.From <= UtcDay.DateOf(now) ? now : UtcDay.StartOf(run.From);
}
