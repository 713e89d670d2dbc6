using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CheapTokens.StandIns.Data;

/// <summary>
/// Instants stored as the store stores them, since the stand-ins' tables were first made beside the store's: PostgreSQL
/// <c>timestamp with time zone</c> (UTC, to the microsecond); SQLite sortable fixed-width UTC text.
/// </summary>
internal static class InstantColumns
{
    public static void MapInstants(this ModelConfigurationBuilder conventions, DatabaseFacade database)
    {
        if (database.IsNpgsql()) conventions.Properties<DateTimeOffset>().HaveConversion<UtcMicrosecondConverter>();
        else conventions.Properties<DateTimeOffset>().HaveConversion<UtcTextConverter>();
    }
}

internal sealed class UtcTextConverter() : ValueConverter<DateTimeOffset, string>(
    value => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture),
    text => new DateTimeOffset(DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero))
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
}

internal sealed class UtcMicrosecondConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => new DateTimeOffset(value.UtcTicks - value.UtcTicks % 10, TimeSpan.Zero), value => value);
