using System.Globalization;
using System.Net;

namespace CheapTokens.Bench;

/// <summary>Command line of the bench; every count and duration is bounded so a run always stops by itself.</summary>
public sealed class BenchOptions
{
    public const string DefaultSelector = "[data-testid=\"countdown\"]";

    public string Scenario { get; private set; } = "";
    public List<string> Apps { get; } = [];
    public Uri? Url { get; private set; }
    public int? Pid { get; private set; }
    public int Connections { get; private set; } = 200;
    public int Pages { get; private set; } = 3;
    public int Circuits { get; private set; } = 10;
    public int Seconds { get; private set; } = 10;
    public int Warmup => _warmup ?? (Scenario is "pages" or "circuits" ? 30 : 15);
    private int? _warmup;
    public int Idle { get; private set; } = 5;
    public int Settle => _settle ?? (Scenario == "rush" ? 0 : 30);
    private int? _settle;
    public int Buyers { get; private set; } = 1000;
    public TimeOnly RushAt { get; private set; } = new(23, 30);
    public int Prefill { get; private set; } = 150;

    /// <summary>Rush: app processes of each build (more than one: PostgreSQL, Redis and a sticky front).</summary>
    public int Nodes { get; private set; } = 1;

    /// <summary>Rush: an Npgsql connection string to a PostgreSQL server the bench makes a fresh database on.</summary>
    public string? Postgres { get; private set; }

    /// <summary>Rush: Redis (host:port) for the backplane.</summary>
    public string? Redis { get; private set; }

    /// <summary>Rush: the store's clock at its start (the rush time less the prefill), applied as a clock offset.</summary>
    public TimeOnly? StoreClockAtStart => Scenario == "rush" ? RushAt.Add(TimeSpan.FromSeconds(-Prefill)) : null;
    public int Grace { get; private set; } = 3;
    public int ConnectConcurrency { get; private set; } = 32;
    public int Visits { get; private set; } = 3;
    public int ApiProbeMs { get; private set; } = 250;

    /// <summary>Pages: first visits in one browser context cleared between visits, instead of a fresh context each.</summary>
    public bool WarmVisits { get; private set; }

    /// <summary>Pages: after the live window, seconds to measure the same pages hidden (their circuits paused); 0: not.</summary>
    public int Hidden { get; private set; }

    /// <summary>Circuits: new visitors a minute during the window, each loading the page, opening its circuit and leaving after 10 s.</summary>
    public int VisitorsPerMinute { get; private set; }
    public string Selector { get; private set; } = DefaultSelector;
    public string Chromium { get; private set; } = "/usr/bin/chromium";
    public string? Out { get; private set; }
    public bool Build { get; private set; }
    public bool KeepTemp { get; private set; }
    public bool NoCache { get; private set; }
    public Dictionary<string, string> AppEnv { get; } = new(StringComparer.Ordinal);

    public const string Usage = """
        CheapTokens.Bench: load runs against the store, from outside, on this machine.

        dotnet run -c Release --project bench/CheapTokens.Bench -- <hub|pages|circuits|rush> [options]

        scenarios
          hub                 N SignalR subscribers of /hubs/prices (WebSockets, no negotiation)
          pages               N live pages of / in headless Chromium, plus a first-visit weight and paint
          circuits            N live pages of / without a browser: a Blazor circuit client speaking the
                              _blazor protocol as blazor.web.js does (render batches acknowledged, JS
                              interop answered); for large N
          rush                N buyers over S seconds from a store clock of --at (simulated Venice with its
                              limits, key pool on); order→key times, refusals for capacity, last key before 00:00

        what to measure (default: publish the worktree this command runs in, start it, measure, stop it)
          --app <spec>        repeatable; each is published and measured in turn, in one run:
                                a worktree root or a CheapTokens.Blazor folder (its files are copied to a
                                temp folder and published there: nothing is written into it),
                                git:<rev> (that commit of the repository in the current folder),
                                or a folder that already holds CheapTokens.Blazor.dll (run as is)
          --build             dotnet build -c Release instead of dotnet publish -c Release
          --no-cache          publish again even if this commit was published before (the publish output
                              of a commit without local changes is kept in $TMPDIR/cheaptokens-bench-cache)
          --app-env K=V       repeatable; extra environment for the started app (e.g. DOTNET_gcServer=0)
          --url <url>         an already running store on 127.0.0.1 instead of starting one
          --pid <pid>         its process, for CPU and memory (default: the process listening on the port)
          --keep              keep the temp folders (sources, publish output, app log)

        load
          --connections N     hub subscribers (default 200, at most 50000)
          --concurrency C     connections (hub) or circuits opened at once (default 32)
          --pages N           live pages (default 3, at most 200)
          --circuits N        circuits: live pages without a browser (default 10, at most 20000)
          --seconds S         measuring window (default 10, at most 600)
          --warmup S          after everything is connected, before the window (default hub 15, pages 30)
          --settle S          after a started app first answers, before anything else (default 30)
          --idle S            idle sample before connecting, for the baseline (default 5)
          --grace S           after the window, for late messages (default 3)
          --selector CSS      pages: the element whose text changes on each tick
                              (default [data-testid="countdown"]; [data-testid="live-price"] also works)
          --visits N          pages: cold first visits for weight and first paint (default 3)
          --api-probe MS      during the window, GET /api/prices every MS ms, one at a time (default 250; 0: off);
                              circuits: each followed by a quote, POST /api/quotes for 100 credits
          --warm-visits       pages: the cold visits share one browser context whose cache, cookies and storage
                              are cleared before each (a returning browser), instead of a fresh context each
          --hidden S          pages: after the window, hide every page (a background tab), wait until the store
                              has paused them, measure S s, then show them and time the return to a current price
          --visitors-per-minute N
                              circuits: besides the live pages, N new visitors a minute during the window, each
                              loading /, opening its circuit and leaving after 10 s (default 0)
          --chromium PATH     default /usr/bin/chromium

        rush
          --buyers N          buyers, arriving evenly over --seconds (default 1000, at most 20000)
          --at HH:mm          the store's UTC clock when the rush starts (default 23:30)
          --prefill S         the store starts S seconds earlier, so its key pool fills as in a quiet
                              evening (default 150)
          --nodes N           N app processes of each build behind a sticky YARP front, on a fresh
                              PostgreSQL database with the Redis backplane (default 1: one node, SQLite)
          --postgres CONN     PostgreSQL server (Npgsql connection string; "env": $CHEAPTOKENS_TEST_POSTGRES,
                              as .ci/services.sh exports it); also for one node. Default with --nodes > 1: env
          --redis HOST:PORT   Redis for the backplane ("env": $CHEAPTOKENS_TEST_REDIS). Default with --nodes > 1: env

        output
          --out FILE          JSON results (default bench/results/<scenario>-<utc stamp>.json)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        var i = 0;
        string Next(string name) => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
        int Int(string name, int min, int max)
        {
            var raw = Next(name);
            if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
                throw new ArgumentException($"{name} must be a whole number from {min} to {max} (got \"{raw}\")");
            return v;
        }

        for (; i < args.Length; i++)
        {
            var a = args[i];
            switch (a)
            {
                case "hub" or "pages" or "circuits" or "rush" when o.Scenario.Length == 0: o.Scenario = a; break;
                case "--buyers": o.Buyers = Int(a, 1, 20_000); break;
                case "--prefill": o.Prefill = Int(a, 0, 3600); break;
                case "--nodes": o.Nodes = Int(a, 1, 4); break;
                case "--postgres": o.Postgres = FromEnv(Next(a), "CHEAPTOKENS_TEST_POSTGRES"); break;
                case "--redis": o.Redis = FromEnv(Next(a), "CHEAPTOKENS_TEST_REDIS"); break;
                case "--at":
                    var at = Next(a);
                    if (!TimeOnly.TryParseExact(at, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var rushAt))
                        throw new ArgumentException($"--at must be HH:mm (got \"{at}\")");
                    o.RushAt = rushAt;
                    break;
                case "--app": o.Apps.Add(Next(a)); break;
                case "--build": o.Build = true; break;
                case "--keep": o.KeepTemp = true; break;
                case "--no-cache": o.NoCache = true; break;
                case "--app-env":
                    var kv = Next(a);
                    var eq = kv.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0) throw new ArgumentException("--app-env wants KEY=VALUE");
                    o.AppEnv[kv[..eq]] = kv[(eq + 1)..];
                    break;
                case "--url": o.Url = LoopbackUrl(Next(a)); break;
                case "--pid": o.Pid = Int(a, 1, int.MaxValue); break;
                case "--connections": o.Connections = Int(a, 1, 50_000); break;
                case "--concurrency": o.ConnectConcurrency = Int(a, 1, 1_000); break;
                case "--pages": o.Pages = Int(a, 1, 200); break;
                case "--circuits": o.Circuits = Int(a, 1, 20_000); break;
                case "--seconds": o.Seconds = Int(a, 1, 3600); break;
                case "--warmup": o._warmup = Int(a, 0, 300); break;
                case "--idle": o.Idle = Int(a, 1, 60); break;
                case "--settle": o._settle = Int(a, 0, 300); break;
                case "--grace": o.Grace = Int(a, 0, 60); break;
                case "--visits": o.Visits = Int(a, 0, 20); break;
                case "--api-probe": o.ApiProbeMs = Int(a, 0, 60_000); break;
                case "--hidden": o.Hidden = Int(a, 0, 600); break;
                case "--warm-visits": o.WarmVisits = true; break;
                case "--visitors-per-minute": o.VisitorsPerMinute = Int(a, 0, 60_000); break;
                case "--selector": o.Selector = Next(a); break;
                case "--chromium": o.Chromium = Next(a); break;
                case "--out": o.Out = Next(a); break;
                case "-h" or "--help": throw new HelpRequested();
                default: throw new ArgumentException($"unknown argument \"{a}\"");
            }
        }

        if (o.Scenario.Length == 0) throw new ArgumentException("name a scenario: hub, pages, circuits or rush");
        if (o.Scenario == "rush" && o.Url is not null) throw new ArgumentException("rush starts its own store (it sets the store's clock): drop --url");
        if (o.Url is not null && o.Apps.Count > 0) throw new ArgumentException("--url and --app exclude each other");
        if (o.Scenario != "rush" && (o.Nodes > 1 || o.Postgres is not null || o.Redis is not null))
            throw new ArgumentException("--nodes, --postgres and --redis are for the rush");
        if (o.Nodes > 1)
        {
            o.Postgres ??= FromEnv("env", "CHEAPTOKENS_TEST_POSTGRES");
            o.Redis ??= FromEnv("env", "CHEAPTOKENS_TEST_REDIS");
        }
        if (o.Redis is not null && o.Postgres is null) throw new ArgumentException("--redis needs --postgres: nodes share their database");
        return o;
    }

    private static string FromEnv(string value, string variable)
    {
        if (value != "env") return value;
        var set = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(set)
            ? throw new ArgumentException($"${variable} is not set: start the services first (source .ci/services.sh && services_start), or pass the server")
            : set;
    }

    /// <summary>Traffic stays on this machine: only loopback addresses are accepted.</summary>
    private static Uri LoopbackUrl(string raw)
    {
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"--url must be an http(s) URL (got \"{raw}\")");
        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        if (!loopback) throw new ArgumentException($"--url must point at this machine (127.0.0.1, ::1 or localhost), not {uri.Host}");
        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }
}

public sealed class HelpRequested : Exception;
