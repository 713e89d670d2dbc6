using System.Runtime.CompilerServices;
using Npgsql;

namespace CheapTokens.Tests.Support;

/// <summary>
/// PostgreSQL and Redis for the tests that need them, as <c>.ci/run</c> starts them (see <c>.ci/services.sh</c>): their
/// addresses come from CHEAPTOKENS_TEST_POSTGRES (an Npgsql connection string to a server's maintenance database) and
/// CHEAPTOKENS_TEST_REDIS (host:port).
/// </summary>
public static class TestServices
{
    public const string PostgresVariable = "CHEAPTOKENS_TEST_POSTGRES";
    public const string RedisVariable = "CHEAPTOKENS_TEST_REDIS";

    public static string? Postgres => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public static string? Redis => Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } value ? value : null;

    /// <summary>Why a test that needs PostgreSQL (and Redis, when <paramref name="redis"/>) cannot run here; null when it can.</summary>
    public static string? MissingReason(bool redis)
    {
        var missing = new List<string>();
        if (Postgres is null) missing.Add(PostgresVariable);
        if (redis && Redis is null) missing.Add(RedisVariable);
        return missing.Count == 0
            ? null
            : $"Needs {string.Join(" and ", missing)} (set by .ci/run, or: source .ci/services.sh && services_start).";
    }
}

/// <summary>A test that runs on PostgreSQL; skipped, saying why, where no server was given.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (TestServices.MissingReason(redis: false) is { } reason) Skip = reason;
    }
}

/// <summary>A test that runs on PostgreSQL and Redis; skipped, saying why, where they were not given.</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (TestServices.MissingReason(redis: true) is { } reason) Skip = reason;
    }
}

/// <summary>A theory that runs on PostgreSQL and Redis; skipped, saying why, where they were not given.</summary>
public sealed class ClusterTheoryAttribute : TheoryAttribute
{
    public ClusterTheoryAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (TestServices.MissingReason(redis: true) is { } reason) Skip = reason;
    }
}

/// <summary>A fresh database on the test server for one test, dropped (with whatever still holds it open) on dispose.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string _server;

    private PostgresTestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 200 }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The app settings that put a store on this database.</summary>
    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = ConnectionString,
        // Required wherever several nodes may run; no test follows a receipt's link to this host.
        ["Receipts:StoreBaseUrl"] = PublicAddress,
    };

    /// <summary>The public address the tests' stores on PostgreSQL are given (Receipts:StoreBaseUrl).</summary>
    public const string PublicAddress = "https://cheaptokens.test";

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = TestServices.Postgres ?? throw new InvalidOperationException(TestServices.MissingReason(redis: false));
        var database = new PostgresTestDatabase(server, "ct_" + Guid.NewGuid().ToString("N"));
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return database;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
