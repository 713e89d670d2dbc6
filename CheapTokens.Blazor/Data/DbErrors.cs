using Microsoft.Data.Sqlite;
using Npgsql;

namespace CheapTokens.Blazor.Data;

/// <summary>What a database error means, whichever engine raised it.</summary>
public static class DbErrors
{
    /// <summary>PostgreSQL's unique_violation (SQLSTATE 23505).</summary>
    private const string PostgresUniqueViolation = "23505";

    /// <summary>PostgreSQL's serialization_failure (40001) and deadlock_detected (40P01): the engine aborted the transaction.</summary>
    private static readonly string[] PostgresConflicts = ["40001", "40P01"];

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

    /// <summary>
    /// PostgreSQL aborted the transaction because it collided with another one (a serialization failure or a deadlock).
    /// Nothing of it was kept, and the same work run again, on what the other transaction left, may well succeed.
    /// </summary>
    public static bool IsTransactionConflict(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres && PostgresConflicts.Contains(postgres.SqlState)) return true;
        }
        return false;
    }
}
