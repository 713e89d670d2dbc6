using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace CheapTokens.Blazor.Data;

/// <summary>
/// One model, one migration set per engine, in one assembly: PostgreSQL's live in a <c>Postgres</c> namespace under the
/// context's migrations folder (<c>Data/Migrations/Postgres</c>, <c>Admin/Migrations/Postgres</c>), SQLite's beside it.
/// Each engine sees only its own migrations and snapshot.
/// </summary>
public static class ProviderMigrations
{
    public const string PostgresNamespaceSuffix = ".Postgres";

    /// <summary>Chooses the engine for a context of the store's database, with its own migration set.</summary>
    public static DbContextOptionsBuilder UseStoreDatabase(
        this DbContextOptionsBuilder options, DatabaseOptions database, string sqliteConnectionString, string? migrationsHistoryTable = null)
    {
        if (database.IsPostgres)
        {
            options.UseNpgsql(database.ConnectionString, npgsql =>
            {
                if (migrationsHistoryTable is not null) npgsql.MigrationsHistoryTable(migrationsHistoryTable);
            });
            options.ReplaceService<IMigrationsAssembly, PostgresMigrationsAssembly>();
        }
        else
        {
            options.UseSqlite(sqliteConnectionString, sqlite =>
            {
                if (migrationsHistoryTable is not null) sqlite.MigrationsHistoryTable(migrationsHistoryTable);
            });
            options.ReplaceService<IMigrationsAssembly, SqliteMigrationsAssembly>();
            options.AddInterceptors(SqliteBusyTimeout.Instance);
        }
        return options;
    }

    /// <summary>The engine a design-time factory builds for: <c>dotnet ef ... -- --provider Postgres</c>; SQLite without.</summary>
    public static DatabaseOptions DesignTimeDatabase(string[] args)
    {
        var index = Array.IndexOf(args, "--provider");
        var provider = index >= 0 && index + 1 < args.Length ? args[index + 1] : DatabaseOptions.Sqlite;
        var database = new DatabaseOptions
        {
            Provider = provider,
            // Never opened while migrations are generated.
            ConnectionString = string.Equals(provider, DatabaseOptions.Postgres, StringComparison.OrdinalIgnoreCase) ? "Host=localhost;Database=design_time" : "",
        };
        if (database.Validate() is [var error, ..]) throw new ArgumentException(error);
        return database;
    }

    internal static bool IsPostgresMigration(Type type) => type.Namespace?.EndsWith(PostgresNamespaceSuffix, StringComparison.Ordinal) == true;
}

#pragma warning disable EF1001 // MigrationsAssembly is EF's own implementation; only the set it offers is narrowed here.
/// <summary>Migrations and snapshot of one engine: those in (or outside) a <c>.Postgres</c> namespace.</summary>
public abstract class ProviderMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger,
    bool postgres) : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    private readonly Type _contextType = currentContext.Context.GetType();
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;
    private bool _snapshotFound;

    public override IReadOnlyDictionary<string, TypeInfo> Migrations =>
        _migrations ??= base.Migrations
            .Where(m => ProviderMigrations.IsPostgresMigration(m.Value) == postgres)
            .ToDictionary(m => m.Key, m => m.Value);

    public override ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (_snapshotFound) return _snapshot;
            var type = Assembly.DefinedTypes
                .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(ModelSnapshot))
                            && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType
                            && ProviderMigrations.IsPostgresMigration(t) == postgres)
                .SingleOrDefault();
            _snapshot = type is null ? null : (ModelSnapshot)Activator.CreateInstance(type.AsType())!;
            _snapshotFound = true;
            return _snapshot;
        }
    }
}

public sealed class SqliteMigrationsAssembly(
    ICurrentDbContext currentContext, IDbContextOptions options, IMigrationsIdGenerator idGenerator, IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : ProviderMigrationsAssembly(currentContext, options, idGenerator, logger, postgres: false);

public sealed class PostgresMigrationsAssembly(
    ICurrentDbContext currentContext, IDbContextOptions options, IMigrationsIdGenerator idGenerator, IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : ProviderMigrationsAssembly(currentContext, options, idGenerator, logger, postgres: true);
#pragma warning restore EF1001
