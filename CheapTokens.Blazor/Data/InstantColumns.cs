using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CheapTokens.Blazor.Data;

/// <summary>How the store's contexts map <see cref="DateTimeOffset"/> on each engine.</summary>
public static class InstantColumns
{
    /// <summary>
    /// PostgreSQL: native <c>timestamp with time zone</c>, so the database indexes, compares and ranges over instants
    /// itself. SQLite has no instant type and EF cannot order DateTimeOffset there: sortable UTC text
    /// (<see cref="UtcTimestampConverter"/>), unless <paramref name="sqliteAsText"/> is false.
    /// </summary>
    public static void MapInstants(this ModelConfigurationBuilder conventions, DatabaseFacade database, bool sqliteAsText = true)
    {
        if (database.IsNpgsql()) conventions.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();
        else if (sqliteAsText) conventions.Properties<DateTimeOffset>().HaveConversion<UtcTimestampConverter>();
    }
}
