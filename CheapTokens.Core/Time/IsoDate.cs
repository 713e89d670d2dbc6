using System.Globalization;

namespace CheapTokens.Core.Time;

/// <summary>
/// Calendar dates as the store writes and reads them everywhere (pass dates, the console's searches and exports, file
/// names): ISO 8601 "yyyy-MM-dd", in the invariant culture whatever the server's.
/// </summary>
public static class IsoDate
{
    public const string Pattern = "yyyy-MM-dd";

    public static string Format(DateOnly date) => date.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Exactly "yyyy-MM-dd": no time, no other order, no surrounding spaces.</summary>
    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
