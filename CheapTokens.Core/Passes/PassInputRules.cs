using CheapTokens.Core.Time;

namespace CheapTokens.Core.Passes;

/// <summary>Checks on what a buyer submits for a pass. Every message about a date names that date.</summary>
public static class PassInputRules
{
    public const int MinDiemPerDay = 1;

    public static string? CheckDiemPerDay(int? diemPerDay, int maxDiemPerDay) => diemPerDay switch
    {
        null => "Diem per day is required.",
        < MinDiemPerDay => $"Diem per day must be at least {MinDiemPerDay}.",
        var n when n > maxDiemPerDay => $"Diem per day must be at most {maxDiemPerDay}.",
        _ => null,
    };

    /// <summary>
    /// Parses and checks the dates: "YYYY-MM-DD", none before <paramref name="today"/> (UTC), none after
    /// <paramref name="lastDate"/>, no duplicates, at least one. Valid dates come back sorted.
    /// </summary>
    public static DatesCheck CheckDates(IReadOnlyList<string?>? dates, DateOnly today, DateOnly lastDate)
    {
        if (dates is null) return DatesCheck.Fail("Dates are required: a list like [\"2026-11-22\"].");
        if (dates.Count == 0) return DatesCheck.Fail("Choose at least one date.");

        var errors = new List<string>();
        var seen = new HashSet<DateOnly>();
        var reported = new HashSet<DateOnly>();
        for (var i = 0; i < dates.Count; i++)
        {
            var text = dates[i];
            if (!IsoDate.TryParse(text?.Trim(), out var date))
            {
                errors.Add(text is null
                    ? $"Date #{i + 1} is empty; dates look like {Format(today)}."
                    : $"'{text}' is not a date like {Format(today)} (YYYY-MM-DD).");
                continue;
            }
            if (!seen.Add(date))
            {
                if (reported.Add(date)) errors.Add($"{Format(date)} is listed more than once.");
                continue;
            }
            if (date < today)
                errors.Add($"{Format(date)} is in the past; the first date on sale is today, {Format(today)} (UTC).");
            else if (date > lastDate)
                errors.Add($"{Format(date)} is too far ahead; the last date on sale is {Format(lastDate)}.");
        }
        return errors.Count > 0 ? new DatesCheck([], errors) : new DatesCheck(seen.Order().ToList(), []);
    }

    public static string Format(DateOnly date) => IsoDate.Format(date);
}

/// <summary>The sorted valid dates, or the errors (then <see cref="Dates"/> is empty).</summary>
public sealed record DatesCheck(IReadOnlyList<DateOnly> Dates, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;

    internal static DatesCheck Fail(string message) => new([], [message]);
}
