using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CheapTokens.Blazor.Data;

/// <summary>
/// Instants on PostgreSQL, as <c>timestamp with time zone</c>: every instant is written as UTC (Npgsql refuses any
/// other offset there) and to the microsecond (the column's resolution; Npgsql would drop the last tick digit anyway),
/// so the value a query compares with is the value stored, whatever offset or precision the caller used.
/// </summary>
public sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(value => ToStored(value), value => value)
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>The instant as PostgreSQL stores it, for SQL written by hand.</summary>
    public static DateTimeOffset ToStored(DateTimeOffset value) =>
        new(value.UtcTicks - value.UtcTicks % TicksPerMicrosecond, TimeSpan.Zero);
}
