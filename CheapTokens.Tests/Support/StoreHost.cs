using CheapTokens.Blazor.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Support;

/// <summary>
/// The one host every host-based test runs: the real app, built by its own composition root
/// (<see cref="StoreApp"/>), on a Kestrel loopback port, with a fresh data folder removed on dispose.
/// Tests change it only through configuration, the clock and a hook on the service collection.
/// </summary>
public sealed class StoreHost : IAsyncDisposable
{
    /// <summary>Mid-afternoon UTC, so a 60 s quote hold never meets midnight unless a test wants it to.</summary>
    public static readonly DateTimeOffset Afternoon = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    private readonly TimeProvider? _clock;
    private readonly bool _ownsDataDirectory;

    private StoreHost(WebApplication app, string dataDirectory, bool ownsDataDirectory, TimeProvider? clock)
    {
        App = app;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        _clock = clock;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The app's clock; only a host started with a fake clock has one to move.</summary>
    public FakeTimeProvider Clock => _clock as FakeTimeProvider ?? throw new InvalidOperationException("This host does not run on a fake clock.");

    /// <summary>The fake clock, or null when the app runs on a clock that moves by itself.</summary>
    internal FakeTimeProvider? FakeClock => _clock as FakeTimeProvider;

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <param name="settings">Configuration on top of appsettings.json, as Section:Key pairs.</param>
    /// <param name="clock">The app's clock: a <see cref="FakeTimeProvider"/> the test moves, or one that runs by itself
    /// (browser tests); without one, the system clock.</param>
    /// <param name="services">Swaps or adds services after the app registered its own.</param>
    /// <param name="dataDirectory">An existing data folder (a restart); the caller then removes it.</param>
    /// <param name="environment">The hosting environment: Production, as README runs the store, unless a test needs another.</param>
    public static async Task<StoreHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        TimeProvider? clock = null,
        Action<IServiceCollection>? services = null,
        string? dataDirectory = null,
        string environment = "Production")
    {
        var ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        var builder = StoreApp.CreateBuilder(["--environment", environment]);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
            // Orders mint their own keys unless a test asks for the pool: most tests watch the minting path.
            ["KeyPool:Enabled"] = "false",
            // Most tests pay with the sandbox's named methods (its test tool); card tests switch to Stripe.
            ["Payments:Processor"] = "Sandbox",
        });
        if (AmbientDatabase.Value is { } database) builder.Configuration.AddInMemoryCollection(database);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (clock is not null) builder.Services.AddSingleton<TimeProvider>(clock);
        // Don't let a browser connection left open hold a test for the default 30 s shutdown.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        services?.Invoke(builder.Services);
        var app = StoreApp.Build(builder);
        try
        {
            await app.StartAsync();
            // Tests move the clock: let the start-up warm-up finish first (see OrderPathWarmUp.Completed). Bounded, for a
            // test whose Venice fails at start: a retry delay on a clock nobody moves would never end.
            var warmUp = app.Services.GetServices<IHostedService>().OfType<CheapTokens.Blazor.Provisioning.OrderPathWarmUp>().Single();
            await Task.WhenAny(warmUp.Completed, Task.Delay(TimeSpan.FromSeconds(5)));
        }
        catch
        {
            await app.DisposeAsync();
            if (ownsDataDirectory) DeleteDataDirectory(dataDirectory);
            throw;
        }
        return new StoreHost(app, dataDirectory, ownsDataDirectory, clock);
    }

    private static readonly AsyncLocal<IDictionary<string, string?>?> AmbientDatabase = new();

    /// <summary>
    /// Until disposed, every host this test (this async flow) starts uses <paramref name="database"/> instead of SQLite in
    /// its data folder: existing tests run unchanged on PostgreSQL.
    /// </summary>
    public static IDisposable OnDatabase(PostgresTestDatabase database)
    {
        var previous = AmbientDatabase.Value;
        AmbientDatabase.Value = database.Settings;
        return new Restore(() => AmbientDatabase.Value = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "cheaptokens-tests", Guid.NewGuid().ToString("N"));

    public static void DeleteDataDirectory(string folder)
    {
        // Pooled connections keep the database file open; let go of them before deleting.
        SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Still in use by a host another test has not stopped yet: the OS cleans its temp folder.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsDataDirectory) DeleteDataDirectory(DataDirectory);
    }
}
