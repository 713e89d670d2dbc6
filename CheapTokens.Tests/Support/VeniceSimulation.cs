using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Hosting;
using CheapTokens.StandIns.Data;
using CheapTokens.Blazor.Venice;
using CheapTokens.StandIns.Venice;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Support;

/// <summary>
/// The store's host used for its simulated Venice: a known admin key, a fake clock, every log line captured, and
/// Venice clients whose requests are counted on the client side.
/// </summary>
public static class VeniceSimulation
{
    public const string AdminKey = "test-admin-key-7f3a91";

    public static readonly DateTimeOffset Morning = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    public static Task<StoreHost> StartAsync(Action<VeniceSimulatorOptions>? configure = null) =>
        StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Venice:AdminKey"] = AdminKey, ["Venice:Simulator:Enabled"] = "true" },
            new FakeTimeProvider(Morning),
            services =>
            {
                var logs = new CapturingLoggerProvider();
                services.AddSingleton(logs);
                services.AddLogging(logging => logging.AddProvider(logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Debug));
                services.AddSingleton<VeniceRequestLog>();
                if (configure is not null) services.PostConfigure<VeniceOptions>(o => configure(o.Simulator));
            });

    /// <summary>
    /// A simulated Venice that outlives the store processes a test starts: its account sits in its own database
    /// file (the stand-ins' schema), so hosts registering it as a singleton share one Venice across restarts.
    /// </summary>
    public static async Task<VeniceSimulatorState> StandaloneAsync(TimeProvider clock, VeniceOptions venice)
    {
        var folder = StoreHost.NewDataDirectory();
        Directory.CreateDirectory(folder);
        var options = new DbContextOptionsBuilder<StandInsDbContext>();
        options.UseStandInsDatabase(new StandInsDatabaseOptions { ConnectionString = $"Data Source={Path.Combine(folder, "venice.db")}" });
        var db = new PooledDbContextFactory<StandInsDbContext>(options.Options);
        await StandInsDatabase.MigrateAsync(db, CancellationToken.None);
        return new VeniceSimulatorState(clock, Options.Create(StandInsHosting.SimulatedVenice(venice)), db, NullLogger<VeniceSimulatorState>.Instance);
    }

    /// <summary>e.g. http://127.0.0.1:41234/venice-sim/api/v1</summary>
    public static string SimulatorBaseUrl(this StoreHost host) => host.BaseAddress.ToString().TrimEnd('/') + VeniceSimulatorEndpoints.BasePath;

    public static VeniceSimulatorState Simulator(this StoreHost host) => host.Get<VeniceSimulatorState>();

    public static CapturingLoggerProvider Logs(this StoreHost host) => host.Get<CapturingLoggerProvider>();

    /// <summary>Requests made by clients from <see cref="CreateVeniceClient"/> with this method and path ending.</summary>
    public static int RequestCount(this StoreHost host, string method, string pathSuffix) =>
        host.Get<VeniceRequestLog>().Requests.Count(r => r.Method == method && r.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    public static IReadOnlyList<VeniceRequest> Requests(this StoreHost host) => host.Get<VeniceRequestLog>().Requests;

    /// <summary>A real client on the host's clock, with tiny backoff so retries cost little time.</summary>
    public static VeniceKeyClient CreateVeniceClient(this StoreHost host, string adminKey = AdminKey, int maxRetries = 3, double timeoutSeconds = 10, double maxRetryAfterSeconds = 30)
    {
        var options = new VeniceOptions
        {
            BaseUrl = host.SimulatorBaseUrl(),
            AdminKey = adminKey,
            MaxRetries = maxRetries,
            RetryBaseDelayMs = 10,
            TimeoutSeconds = timeoutSeconds,
            MaxRetryAfterSeconds = maxRetryAfterSeconds,
        };
        var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(host.Logs()).SetMinimumLevel(LogLevel.Debug));
        var http = new HttpClient(new CountingHandler(host.Get<VeniceRequestLog>(), host.Clock) { InnerHandler = new SocketsHttpHandler() });
        return new VeniceKeyClient(http, Options.Create(options), host.Clock, loggerFactory.CreateLogger<VeniceKeyClient>());
    }

    /// <summary>A plain HttpClient speaking to the simulator with the given bearer, as an app holding a key would.</summary>
    public static HttpClient CreateSimulatorClient(this StoreHost host, string? bearer)
    {
        var http = new HttpClient { BaseAddress = new Uri(host.SimulatorBaseUrl() + "/") };
        if (bearer is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        return http;
    }

    /// <summary>Keys Venice would still accept now, counted through the simulator's own list endpoint.</summary>
    public static async Task<int> LiveKeyCountAsync(this StoreHost host, string adminKey)
    {
        using var admin = host.CreateSimulatorClient(adminKey);
        var list = await admin.GetFromJsonAsync<JsonElement>("api_keys");
        var now = host.Get<TimeProvider>().GetUtcNow();
        return list.GetProperty("data").EnumerateArray().Count(key =>
            !key.TryGetProperty("expiresAt", out var expires) || expires.ValueKind == JsonValueKind.Null || expires.GetDateTimeOffset() > now);
    }

    public static Task<int> LiveKeyCountAsync(this StoreHost host) => host.LiveKeyCountAsync(host.Simulator().AdminKey);

    private sealed class CountingHandler(VeniceRequestLog log, TimeProvider clock) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sentAt = clock.GetUtcNow();
            var response = await base.SendAsync(request, cancellationToken);
            log.Add(new VeniceRequest(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, sentAt));
            return response;
        }
    }
}

/// <summary>One request a test's Venice client made, with the app clock's time it was sent at.</summary>
public sealed record VeniceRequest(string Method, string Path, int StatusCode, DateTimeOffset SentAt);

public sealed class VeniceRequestLog
{
    private readonly ConcurrentQueue<VeniceRequest> _requests = new();

    public IReadOnlyList<VeniceRequest> Requests => _requests.ToArray();

    public void Add(VeniceRequest request) => _requests.Enqueue(request);
}
