using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CheapTokens.StandIns.Data;

public static class StandInsDatabase
{
    /// <summary>Their own history table, beside the store's: the two sets of migrations never see each other.</summary>
    public const string MigrationsHistoryTable = "__StandInsMigrationsHistory";

    /// <summary>
    /// The stand-ins' tables were made by the store's migrations before the stand-ins had their own. Where a migration's
    /// tables already exist (an older demo database), it is recorded as applied instead of run, so their rows (a demo
    /// order paid through a stand-in) stay where the stand-ins look for them. By migration name, a table it creates.
    /// </summary>
    private static readonly Dictionary<string, string> TableMadeBy = new(StringComparer.Ordinal)
    {
        ["SandboxTables"] = "SandboxCharges",
        ["VeniceSimulatorTables"] = "SimulatedVeniceKeys",
        ["StripeStandInTables"] = "StripeStandInPaymentIntents",
    };

    /// <summary>"CheapStI" in ASCII: not the store's migration lock, which is held only while the store migrates.</summary>
    private const long LockKey = 0x4368656170537449;

    public static DbContextOptionsBuilder UseStandInsDatabase(this DbContextOptionsBuilder options, StandInsDatabaseOptions database)
    {
        if (database.IsPostgres)
        {
            options.UseNpgsql(database.ConnectionString, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable));
            options.ReplaceService<IMigrationsAssembly, PostgresStandInsMigrationsAssembly>();
        }
        else
        {
            options.UseSqlite(database.ConnectionString, sqlite => sqlite.MigrationsHistoryTable(MigrationsHistoryTable));
            options.ReplaceService<IMigrationsAssembly, SqliteStandInsMigrationsAssembly>();
        }
        return options;
    }

    /// <summary>Applies the stand-ins' pending migrations; on PostgreSQL under a lock, as several nodes start at once.</summary>
    public static async Task MigrateAsync(IDbContextFactory<StandInsDbContext> factory, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // The same connection for lock, migration and unlock: advisory locks belong to the session.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var postgres = db.Database.IsNpgsql();
        try
        {
            if (postgres) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({LockKey})", cancellationToken);
            await AdoptExistingTablesAsync(db, postgres, cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            if (postgres) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task AdoptExistingTablesAsync(StandInsDbContext db, bool postgres, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(cancellationToken);
        var applied = (await history.GetAppliedMigrationsAsync(cancellationToken)).Select(r => r.MigrationId).ToHashSet(StringComparer.Ordinal);
        foreach (var migration in db.Database.GetMigrations().Where(m => !applied.Contains(m)))
        {
            // Ids are "<timestamp>_<Name>".
            if (!TableMadeBy.TryGetValue(migration[(migration.IndexOf('_') + 1)..], out var table)
                || !await TableExistsAsync(db, postgres, table, cancellationToken)) return;
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(migration, ProductInfo.GetVersion())), cancellationToken);
        }
    }

    private static async Task<bool> TableExistsAsync(StandInsDbContext db, bool postgres, string table, CancellationToken cancellationToken)
    {
        var count = postgres
            ? db.Database.SqlQuery<int>($"SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {table}")
            : db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {table}");
        return await count.SingleAsync(cancellationToken) > 0;
    }
}
