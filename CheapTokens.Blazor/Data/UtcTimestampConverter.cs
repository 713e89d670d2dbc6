using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CheapTokens.Blazor.Data;

/// <summary>
/// Stores instants as fixed-width UTC text ("2026-11-21T23:59:59.9000000Z"): exact to the tick, readable,
/// and sorting the text sorts the instants, so SQLite can compare and order them.
/// </summary>
public sealed class UtcTimestampConverter() : ValueConverter<DateTimeOffset, string>(
    value => ToText(value),
    text => new DateTimeOffset(DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero))
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The stored text of an instant, for SQL written by hand.</summary>
    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
