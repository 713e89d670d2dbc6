using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace CheapTokens.Blazor.Data;

public static class StoreDatabase
{
    /// <summary>Table prefix of the Quartz cluster's job store on PostgreSQL.</summary>
    public const string QuartzTablePrefix = "qrtz_";

    /// <summary>The clustered scheduler's name, the same on every node: their rows in Quartz's tables carry it.</summary>
    public const string QuartzSchedulerName = "CheapTokens";

    /// <summary>The row locks Quartz's clustered store takes (its <c>qrtz_locks</c> rows).</summary>
    public static readonly string[] QuartzLockNames = ["TRIGGER_ACCESS", "STATE_ACCESS"];

    /// <summary>
    /// Applies pending migrations. SQLite: the file is switched to WAL so readers never wait for the writer. PostgreSQL:
    /// under the migration lock, and Quartz's job-store tables are created there too (see <see cref="CreateQuartzTablesAsync"/>).
    /// </summary>
    public static async Task MigrateAsync(IDbContextFactory<StoreDbContext> factory, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await MigrationLock.RunAsync(db, async () =>
            {
                await db.Database.MigrateAsync(cancellationToken);
                await CreateQuartzTablesAsync(db, cancellationToken);
            }, cancellationToken);
            return;
        }
        // Opened here so the migrations run on this connection, with the function they need.
        await db.Database.OpenConnectionAsync(cancellationToken);
        TokenHashFunction.Register((SqliteConnection)db.Database.GetDbConnection());
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    /// <summary>
    /// Quartz's own schema for its clustered store, from the script the Quartz package embeds for exactly its version.
    /// Every statement there creates only what is missing, so this is safe on every start; it runs under the migration
    /// lock, so two nodes never create the same table at once.
    /// </summary>
    private static async Task CreateQuartzTablesAsync(StoreDbContext db, CancellationToken cancellationToken)
    {
        const string resource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";
        await using var stream = typeof(IScheduler).Assembly.GetManifestResourceStream(resource)
                                 ?? throw new InvalidOperationException($"The Quartz package carries no {resource}.");
        var script = await new StreamReader(stream).ReadToEndAsync(cancellationToken);
        foreach (var statement in script.Split("\n--;;", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var sql = statement.Replace("{0}", QuartzTablePrefix, StringComparison.Ordinal).Replace("{1}", QuartzTablePrefix, StringComparison.Ordinal);
            if (sql.Split('\n').All(line => line.TrimStart().StartsWith("--", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(line))) continue;
            // Straight to the connection (opened by the migration lock): the script is not a format string.
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        // Quartz inserts a lock row the first time it takes that lock. Nodes starting together on an empty database
        // race to insert it, and a loser waits a retry delay on the app's clock (a test clock nobody moves: forever).
        // Made here, under the migration lock, the rows are there before any node's scheduler starts.
        foreach (var lockName in QuartzLockNames)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO qrtz_locks (sched_name, lock_name) VALUES ({QuartzSchedulerName}, {lockName}) ON CONFLICT DO NOTHING",
                cancellationToken);
        }
    }
}
