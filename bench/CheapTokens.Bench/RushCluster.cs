using System.Diagnostics;
using System.Globalization;
using CheapTokens.Tests.Support;

namespace CheapTokens.Bench;

/// <summary>
/// What a rush runs against: one node as before (SQLite, or PostgreSQL with --postgres), or --nodes N app processes
/// of one build on a fresh PostgreSQL database and Redis behind a sticky YARP front (the tests' <c>StickyFront</c>),
/// configured as README's "Running on several nodes" says: the same Venice admin key and store clock on every node,
/// and Venice's 20 key creations a minute split between the nodes.
/// </summary>
public sealed class RushCluster : IAsyncDisposable
{
    private readonly string _temp;
    private readonly bool _keep;
    private StickyFront? _front;
    private (string Host, string Port, string User, string? Password, string Name)? _database;

    private RushCluster(string temp, bool keep)
    {
        _temp = temp;
        _keep = keep;
    }

    /// <summary>Where buyers go: the front, or the one node.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public List<AppUnderTest> Nodes { get; } = [];

    public string Label { get; private set; } = "";

    public string? Commit { get; private set; }

    /// <summary>"sqlite" or "postgres".</summary>
    public string Database { get; private set; } = "sqlite";

    /// <summary>Redis configuration when the nodes use the backplane, with the channel prefix they were given.</summary>
    public (string Configuration, string ChannelPrefix)? Redis { get; private set; }

    public double ClockOffsetSeconds => Nodes[0].ClockOffsetSeconds;

    public static async Task<RushCluster> StartAsync(string spec, BenchOptions o, string root, CancellationToken ct)
    {
        var cluster = new RushCluster(Directory.CreateTempSubdirectory("cheaptokens-bench-").FullName, o.KeepTemp);
        try
        {
            await cluster.StartNodesAsync(spec, o, root, ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartNodesAsync(string spec, BenchOptions o, string root, CancellationToken ct)
    {
        var (appDir, commit) = await AppUnderTest.PrepareBuildAsync(spec, o, root, _temp, ct);
        Label = spec;
        Commit = commit;
        var env = new Dictionary<string, string>();
        // One clock for every node: each would otherwise compute its own offset a few seconds apart.
        if (AppUnderTest.StoreClockOffsetSeconds(o) is { } offset)
            env["Clock__OffsetSeconds"] = offset.ToString("0.###", CultureInfo.InvariantCulture);
        if (o.Postgres is { } server)
        {
            Database = "postgres";
            var name = "bench_" + Guid.NewGuid().ToString("N")[..12];
            _database = ParseServer(server, name);
            OnThisMachine(_database.Value.Host, "--postgres");
            await PsqlAsync($"CREATE DATABASE {name}", ct);
            env["Database__Provider"] = "Postgres";
            env["Database__ConnectionString"] = ConnectionString(_database.Value);
            if (o.Redis is { } redis)
            {
                OnThisMachine(redis.Split(',')[0].Split(':')[0], "--redis");
                Redis = (redis, name);
                env["Redis__Configuration"] = redis;
                env["Redis__ChannelPrefix"] = name;
            }
        }
        // The nodes share one budget of the account's 20 creations a minute (in the database); each node's simulated
        // Venice keeps its own limit of 20, which the shared budget never lets the nodes together exceed.

        for (var i = 0; i < o.Nodes; i++)
        {
            var folder = Path.Combine(_temp, $"node{i + 1}");
            Directory.CreateDirectory(folder);
            var node = await AppUnderTest.LaunchAsync(appDir, folder, $"{spec} node {i + 1}", commit, o, env, ownsFolder: false, ct);
            Nodes.Add(node);
            Console.Error.WriteLine($"  node {i + 1} at {node.BaseUrl} (pid {node.Pid}{(commit is null ? "" : ", commit " + commit)}; {Database}{(Redis is null ? "" : " + Redis")})");
        }
        if (o.Nodes > 1)
        {
            _front = await StickyFront.StartAsync(Nodes.Select(n => n.BaseUrl).ToArray());
            BaseUrl = _front.BaseAddress;
            Console.Error.WriteLine($"  sticky front at {BaseUrl}");
        }
        else BaseUrl = Nodes[0].BaseUrl;

        if (o.Settle > 0)
        {
            Console.Error.WriteLine($"  settling {o.Settle} s ...");
            await Task.Delay(TimeSpan.FromSeconds(o.Settle), ct);
        }
    }

    /// <summary>Traffic stays on this machine: the servers must be on loopback.</summary>
    private static void OnThisMachine(string host, string option)
    {
        var loopback = host is "localhost" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
        if (!loopback) throw new ArgumentException($"{option} must point at this machine (127.0.0.1, ::1 or localhost), not {host}");
    }

    /// <summary>Host, port, user and password of an Npgsql connection string (as .ci/services.sh exports it).</summary>
    private static (string, string, string, string?, string) ParseServer(string connectionString, string name)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        return (parts.GetValueOrDefault("host", "127.0.0.1"), parts.GetValueOrDefault("port", "5432"),
            parts.GetValueOrDefault("username", parts.GetValueOrDefault("user id", "postgres")), parts.GetValueOrDefault("password"), name);
    }

    private static string ConnectionString((string Host, string Port, string User, string? Password, string Name) db) =>
        $"Host={db.Host};Port={db.Port};Username={db.User};Database={db.Name}" + (db.Password is null ? "" : $";Password={db.Password}");

    private async Task PsqlAsync(string sql, CancellationToken ct)
    {
        var db = _database!.Value;
        var psi = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", db.Host, "-p", db.Port, "-U", db.User, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql })
            psi.ArgumentList.Add(a);
        if (db.Password is not null) psi.Environment["PGPASSWORD"] = db.Password;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start psql");
        var error = p.StandardError.ReadToEndAsync(ct);
        await p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0) throw new InvalidOperationException($"psql: {sql} failed: {await error}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_front is not null) await _front.DisposeAsync();
        foreach (var node in Nodes) await node.DisposeAsync();
        if (_database is not null)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await PsqlAsync($"DROP DATABASE IF EXISTS {_database.Value.Name} WITH (FORCE)", cts.Token);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
                Console.Error.WriteLine($"  could not drop database {_database.Value.Name}: {e.Message}");
            }
        }
        if (_keep) Console.Error.WriteLine($"  kept {_temp}");
        else AppUnderTest.DeleteQuietly(_temp);
    }
}
