using Microsoft.Data.Sqlite;
using Npgsql;

namespace CheapTokens.Blazor.Data;

/// <summary>What a database error means, whichever engine raised it.</summary>
public static class DbErrors
{
    /// <summary>PostgreSQL's unique_violation (SQLSTATE 23505).</summary>
    private const string PostgresUniqueViolation = "23505";

    /// <summary>
    /// The write hit a unique index or repeated a primary key: another writer got there first. Looks through EF's
    /// <c>DbUpdateException</c> to the engine's own exception.
    /// </summary>
    public static bool IsUniqueViolation(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteExtendedErrorCode: SqliteErrorCodes.UniqueConstraint or SqliteErrorCodes.PrimaryKeyConstraint }
                or PostgresException { SqlState: PostgresUniqueViolation })
                return true;
        }
        return false;
    }
}
