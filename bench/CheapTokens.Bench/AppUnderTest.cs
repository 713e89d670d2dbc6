using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CheapTokens.Bench;

/// <summary>
/// The store being measured: either a build this tool publishes into a temp folder and starts as a child
/// process on a free loopback port with its own data folder, or an already running one (--url).
/// </summary>
public sealed class AppUnderTest : IAsyncDisposable
{
    private const string ProjectDir = "CheapTokens.Blazor";
    private const string AppDll = "CheapTokens.Blazor.dll";
    private static readonly HashSet<string> SkippedNames =
        new(StringComparer.Ordinal) { "bin", "obj", ".git", "TestResults", "node_modules", ".vs" };
    private static readonly HashSet<string> SkippedAtRoot = new(StringComparer.Ordinal) { "data", "bench" };

    private Process? _process;
    private string? _temp;
    private bool _keep;
    private StreamWriter? _log;

    public required Uri BaseUrl { get; init; }
    public required int Pid { get; init; }
    public required string Label { get; init; }
    public string? Commit { get; init; }
    public string? LogPath { get; private set; }

    /// <summary>How far the store's clock runs ahead of this machine's (Clock:OffsetSeconds as the bench set it).</summary>
    public double ClockOffsetSeconds { get; init; }

    public static AppUnderTest Attach(Uri url, int? pid)
    {
        var found = pid ?? ProcStats.FindListener(url.Port)
            ?? throw new InvalidOperationException($"no process listens on port {url.Port} here; pass --pid");
        return new AppUnderTest { BaseUrl = url, Pid = found, Label = url.ToString() };
    }

    /// <summary>Publishes (or builds) <paramref name="spec"/> into a temp folder, starts it and waits for its first price tick.</summary>
    public static async Task<AppUnderTest> StartAsync(string spec, BenchOptions options, string defaultRoot, CancellationToken ct)
    {
        var temp = Directory.CreateTempSubdirectory("cheaptokens-bench-").FullName;
        try
        {
            var (appDir, commit) = await PrepareAsync(spec, options, defaultRoot, temp, ct);
            return await LaunchAsync(appDir, temp, spec, commit, options, null, ownsFolder: true, ct);
        }
        catch when (!options.KeepTemp && Directory.Exists(temp) && DeleteQuietly(temp))
        {
            throw;
        }
    }

    /// <summary>Publishes (or finds) the build of <paramref name="spec"/> into <paramref name="temp"/>; for several nodes of one build.</summary>
    public static Task<(string AppDir, string? Commit)> PrepareBuildAsync(string spec, BenchOptions options, string defaultRoot, string temp, CancellationToken ct) =>
        PrepareAsync(spec, options, defaultRoot, temp, ct);

    /// <summary>The store's clock offset (seconds ahead of this machine's) that makes it read --at less --prefill now.</summary>
    public static double? StoreClockOffsetSeconds(BenchOptions options)
    {
        if (options.StoreClockAtStart is not { } storeStart) return null;
        var now = Clock.UtcNow();
        var target = new DateTimeOffset(DateOnly.FromDateTime(now.UtcDateTime).ToDateTime(storeStart), TimeSpan.Zero);
        return Math.Round((target - now).TotalSeconds, 3);
    }

    /// <summary>
    /// Starts the app in <paramref name="appDir"/> on a free port, with its data folder and log under <paramref name="folder"/>,
    /// and waits for its first price tick. <paramref name="env"/> comes on top of the bench's settings.
    /// </summary>
    public static async Task<AppUnderTest> LaunchAsync(
        string appDir, string folder, string label, string? commit, BenchOptions options, IReadOnlyDictionary<string, string>? env, bool ownsFolder,
        CancellationToken ct)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);

        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(appDir, AppDll));
        psi.Environment["ASPNETCORE_URLS"] = url.GetLeftPart(UriPartial.Authority);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        psi.Environment["Storage__DataDirectory"] = data;
        psi.Environment["Receipts__StoreBaseUrl"] = url.GetLeftPart(UriPartial.Authority);
        // The rush pays with the sandbox's named method, as every earlier figure in README did, so runs compare.
        psi.Environment["Payments__Processor"] = "Sandbox";
        // The store's own timings come from its scrape endpoint (loopback may scrape); --app-env can switch it off.
        psi.Environment["Telemetry__Prometheus__Enabled"] = "true";
        foreach (var (k, v) in options.AppEnv) psi.Environment[k] = v;
        double? offset = null;
        if (env is not null && env.TryGetValue("Clock__OffsetSeconds", out var given))
            offset = double.Parse(given, CultureInfo.InvariantCulture);
        else if (StoreClockOffsetSeconds(options) is { } computed)
        {
            // The store's clock starts at that UTC time of day (today's date), through its load-run-only offset.
            offset = computed;
            psi.Environment["Clock__OffsetSeconds"] = computed.ToString("0.###", CultureInfo.InvariantCulture);
        }
        if (offset is not null) psi.Environment["Clock__AllowOffsetInProduction"] = "true";
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;

        var logPath = Path.Combine(folder, "app.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the app");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var app = new AppUnderTest
        {
            BaseUrl = url, Pid = process.Id, Label = label, Commit = commit, ClockOffsetSeconds = offset ?? 0,
            _process = process, _temp = ownsFolder ? folder : null, _keep = options.KeepTemp, _log = log, LogPath = logPath,
        };
        try
        {
            await app.WaitForPricesAsync(TimeSpan.FromSeconds(120), ct);
            // Let start-up work (JIT, migrations, first jobs) settle before any baseline is taken.
            if (options.Settle > 0 && ownsFolder)
            {
                Console.Error.WriteLine($"  settling {options.Settle} s ...");
                await Task.Delay(TimeSpan.FromSeconds(options.Settle), ct);
            }
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>Blocks until GET /api/prices answers 200: the app is up and has ticked at least once.</summary>
    public async Task WaitForPricesAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var clock = new Clock();
        while (clock.ElapsedMs < timeout.TotalMilliseconds)
        {
            ct.ThrowIfCancellationRequested();
            if (_process is { HasExited: true })
                throw new InvalidOperationException($"the app exited with code {_process.ExitCode}; its log:\n{Tail()}");
            try
            {
                using var response = await http.GetAsync("api/prices", ct);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(250, ct);
        }
        throw new TimeoutException($"{BaseUrl} did not serve /api/prices within {timeout.TotalSeconds:0} s; its log:\n{Tail()}");
    }

    private string Tail()
    {
        if (LogPath is null) return "";
        try
        {
            using var fs = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(fs);
            var lines = reader.ReadToEnd().Split('\n');
            return string.Join('\n', lines.TakeLast(30));
        }
        catch (IOException) { return ""; }
    }

    private static async Task<(string AppDir, string? Commit)> PrepareAsync(
        string spec, BenchOptions options, string defaultRoot, string temp, CancellationToken ct)
    {
        if (spec.StartsWith("git:", StringComparison.Ordinal))
        {
            var rev = spec[4..];
            var src = Path.Combine(temp, "src");
            Directory.CreateDirectory(src);
            var commit = (await RunAsync("git", ["-C", defaultRoot, "rev-parse", "--short", rev], null, ct)).Trim();
            if (Cached(commit, options) is { } hit) return (hit, commit);
            await RunAsync("bash", ["-c", "git -C \"$1\" archive --format=tar \"$2\" | tar -x -C \"$3\"", "archive", defaultRoot, rev, src], null, ct);
            return (Cache(await PublishAsync(src, options, temp, ct), commit, options), commit);
        }

        var dir = Path.GetFullPath(spec);
        if (File.Exists(Path.Combine(dir, AppDll))) return (dir, null);

        string root;
        if (File.Exists(Path.Combine(dir, ProjectDir, ProjectDir + ".csproj"))) root = dir;
        else if (File.Exists(Path.Combine(dir, ProjectDir + ".csproj"))) root = Path.GetDirectoryName(dir)!;
        else throw new ArgumentException($"--app {spec}: neither a worktree root, a {ProjectDir} folder, a folder with {AppDll}, nor git:<rev>");

        var describe = await DescribeAsync(root, ct);
        if (Cached(describe, options) is { } cached) return (cached, describe);
        var copy = Path.Combine(temp, "src");
        await CopySourcesAsync(root, copy, ct);
        return (Cache(await PublishAsync(copy, options, temp, ct), describe, options), describe);
    }

    /// <summary>
    /// Publish output of a commit is kept under the temp folder and reused: the same commit publishes to the same app.
    /// Not for a working tree with changes, nor for --build output (it points back at its temp sources).
    /// </summary>
    private static string? CacheDir(string? commit, BenchOptions options) =>
        commit is null || commit.Contains('+', StringComparison.Ordinal) || options.Build || options.NoCache
            ? null
            : Path.Combine(Path.GetTempPath(), "cheaptokens-bench-cache", commit);

    private static string? Cached(string? commit, BenchOptions options)
    {
        var dir = CacheDir(commit, options);
        if (dir is null || !File.Exists(Path.Combine(dir, AppDll))) return null;
        Console.Error.WriteLine($"  reusing the publish output of {commit} in {dir} (--no-cache to publish again)");
        return dir;
    }

    private static string Cache(string published, string? commit, BenchOptions options)
    {
        var dir = CacheDir(commit, options);
        if (dir is null) return published;
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
            Directory.Move(published, dir);
            return dir;
        }
        catch (IOException) { return published; }
        catch (UnauthorizedAccessException) { return published; }
    }

    /// <summary>Short commit of a working folder, with "+changes" when it differs from that commit.</summary>
    private static async Task<string?> DescribeAsync(string root, CancellationToken ct)
    {
        try
        {
            // The last commit that changed the app: the bench and the documentation do not change what is measured.
            string[] paths = ["--", ".", ":(exclude)bench", ":(exclude,glob)**/*.md"];
            var head = (await RunAsync("git", ["-C", root, "log", "-1", "--format=%h", .. paths], null, ct)).Trim();
            // --no-optional-locks: reading another worktree must not even refresh its index.
            var status = await RunAsync("git", ["--no-optional-locks", "-C", root, "status", "--porcelain", .. paths], null, ct);
            return status.Trim().Length == 0 ? head : head + "+changes";
        }
        catch (InvalidOperationException) { return null; }
    }

    private static async Task<string> PublishAsync(string root, BenchOptions options, string temp, CancellationToken ct)
    {
        var project = Path.Combine(root, ProjectDir, ProjectDir + ".csproj");
        var output = Path.Combine(temp, "app");
        var verb = options.Build ? "build" : "publish";
        Console.Error.WriteLine($"  dotnet {verb} -c Release of {project} ...");
        var clock = new Clock();
        await RunAsync("dotnet", [verb, project, "-c", "Release", "-o", output, "--nologo", "-v", "q", "-p:UseAppHost=false"], root, ct);
        Console.Error.WriteLine($"  ... done in {clock.ElapsedMs / 1000:0} s");
        return output;
    }

    /// <summary>The files git would see (tracked and new, minus ignored ones), or, outside git, the tree without build output.</summary>
    private static async Task CopySourcesAsync(string root, string to, CancellationToken ct)
    {
        string listing;
        try { listing = await RunAsync("git", ["-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], null, ct); }
        catch (InvalidOperationException)
        {
            CopyTree(root, to);
            return;
        }
        foreach (var relative in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (relative.StartsWith("bench/", StringComparison.Ordinal)) continue;
            var source = Path.Combine(root, relative);
            if (!File.Exists(source)) continue; // deleted in the working tree
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
    }

    private static void CopyTree(string from, string to, bool root = true)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            if (SkippedNames.Contains(entry.Name) || (root && SkippedAtRoot.Contains(entry.Name))) continue;
            var target = Path.Combine(to, entry.Name);
            if (entry is DirectoryInfo d) CopyTree(d.FullName, target, root: false);
            else if (entry.LinkTarget is null) File.Copy(entry.FullName, target);
        }
    }

    private static async Task<string> RunAsync(string file, string[] args, string? cwd, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (cwd is not null) psi.WorkingDirectory = cwd;
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}):\n{await stdout}\n{await stderr}");
        return await stdout;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool DeleteQuietly(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } p)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try { await p.WaitForExitAsync(wait.Token); }
                catch (OperationCanceledException) { }
            }
            p.Dispose();
        }
        if (_log is not null) lock (_log) _log.Dispose();
        if (_temp is not null)
        {
            if (_keep) Console.Error.WriteLine($"  kept {_temp}");
            else DeleteQuietly(_temp);
        }
    }
}
