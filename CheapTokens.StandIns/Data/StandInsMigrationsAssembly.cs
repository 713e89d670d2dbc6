using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace CheapTokens.StandIns.Data;

#pragma warning disable EF1001 // MigrationsAssembly is EF's own implementation; only the set it offers is narrowed here.
/// <summary>
/// One model, one migration set per engine: PostgreSQL's in the <c>Data/Migrations/Postgres</c> folder (a
/// <c>.Postgres</c> namespace), SQLite's beside it; each engine sees only its own migrations and snapshot. The store
/// sorts its migrations the same way.
/// </summary>
public abstract class StandInsMigrationsAssembly(
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
        _migrations ??= base.Migrations.Where(m => IsPostgres(m.Value) == postgres).ToDictionary(m => m.Key, m => m.Value);

    public override ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (_snapshotFound) return _snapshot;
            var type = Assembly.DefinedTypes
                .SingleOrDefault(t => !t.IsAbstract && t.IsSubclassOf(typeof(ModelSnapshot))
                                      && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType
                                      && IsPostgres(t) == postgres);
            _snapshot = type is null ? null : (ModelSnapshot)Activator.CreateInstance(type.AsType())!;
            _snapshotFound = true;
            return _snapshot;
        }
    }

    private static bool IsPostgres(Type type) => type.Namespace?.EndsWith(".Postgres", StringComparison.Ordinal) == true;
}

public sealed class SqliteStandInsMigrationsAssembly(
    ICurrentDbContext currentContext, IDbContextOptions options, IMigrationsIdGenerator idGenerator, IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : StandInsMigrationsAssembly(currentContext, options, idGenerator, logger, postgres: false);

public sealed class PostgresStandInsMigrationsAssembly(
    ICurrentDbContext currentContext, IDbContextOptions options, IMigrationsIdGenerator idGenerator, IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : StandInsMigrationsAssembly(currentContext, options, idGenerator, logger, postgres: true);
#pragma warning restore EF1001
