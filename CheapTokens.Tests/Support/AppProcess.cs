using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CheapTokens.Tests.Support;

/// <summary>CheapTokens.Blazor.dll from the build output, run by <c>dotnet</c> as its own process on a free loopback port.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, Uri baseAddress, string databasePath)
    {
        _process = process;
        BaseAddress = baseAddress;
        DatabasePath = databasePath;
    }

    public Uri BaseAddress { get; }

    public string DatabasePath { get; }

    /// <param name="settings">Environment variables on top of the defaults (Section__Key = value).</param>
    public static async Task<AppProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, int? port = null)
    {
        var listenPort = port ?? FreePort();
        var dll = AppDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{listenPort}",
            ["Storage__DataDirectory"] = dataDirectory,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{listenPort}"), Path.Combine(dataDirectory, "cheaptokens.db"));
        // Drained so a full pipe never blocks the app (the stand-in mailer writes receipts there); the last lines are
        // kept for a failing test to show.
        process.OutputDataReceived += (_, line) => app.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => app.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await app.WaitUntilListeningAsync();
        return app;
    }

    /// <summary>SIGKILL on Linux; returns the exit code.</summary>
    public int Kill()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    /// <summary>The app's last 400 lines of console output (warnings and errors at the tests' log level).</summary>
    public IReadOnlyCollection<string> Log => _log;

    private void Keep(string? line)
    {
        if (line is null) return;
        _log.Enqueue(line);
        while (_log.Count > 400) _log.TryDequeue(out _);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilListeningAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited) Assert.Fail($"The app exited with {_process.ExitCode} before it listened.");
            try
            {
                if ((await http.GetAsync("/api/prices")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        Assert.Fail("The app did not listen within 90 s.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The app project's own build output, in the configuration this test assembly was built in.</summary>
    /// <summary>The folder of the store's build output (CheapTokens.Blazor.dll and its dependencies).</summary>
    public static string AppDirectory() => Path.GetDirectoryName(AppDll())!;

    private static string AppDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "CheapTokens.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException("CheapTokens.sln not found above " + AppContext.BaseDirectory);
        var dll = Path.Combine(root.FullName, "CheapTokens.Blazor", "bin", configuration, framework, "CheapTokens.Blazor.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"Build the app first: {dll} is missing.");
    }
}
