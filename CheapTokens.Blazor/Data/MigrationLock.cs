using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CheapTokens.Blazor.Data;

/// <summary>
/// Several nodes starting at once must not migrate at once. On PostgreSQL the migrating node holds a session
/// advisory lock for the whole migration; the others block on it, then find nothing left to apply. SQLite has one
/// process per data folder, so there is nothing to wait for.
/// </summary>
public static class MigrationLock
{
    /// <summary>Any fixed number: it only has to be the same on every node ("CheapTok" in ASCII).</summary>
    private const long LockKey = 0x4368656170546F6B;

    public static async Task RunAsync(DbContext db, Func<Task> migrate, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            await migrate();
            return;
        }
        // The same connection for lock, migration and unlock: advisory locks belong to the session.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({LockKey})", cancellationToken);
            try
            {
                // Npgsql's migrator reads the history table before it creates it, and EF logs that read failing on an
                // empty database as an error. Made first (as the migrator would a moment later), it is read empty.
                await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
                await migrate();
            }
            finally
            {
                // Not the caller's token: the lock must be released even when start-up is being cancelled.
                if (db.Database.GetDbConnection().State == ConnectionState.Open)
                    await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
