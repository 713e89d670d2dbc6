using CheapTokens.Blazor.Venice;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheapTokens.Tests.Venice;

/// <summary>Only the Venice simulator, on a real Kestrel socket at 127.0.0.1, with a hand-driven clock.</summary>
public sealed class VeniceSimulatorHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-7f3a91";

    private readonly WebApplication _app;

    private VeniceSimulatorHost(WebApplication app, TestClock clock, CapturingLoggerProvider logs, string baseUrl)
    {
        _app = app;
        Clock = clock;
        Logs = logs;
        BaseUrl = baseUrl;
    }

    public TestClock Clock { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>e.g. http://127.0.0.1:41234/venice-sim/api/v1</summary>
    public string BaseUrl { get; }

    public VeniceSimulatorState State => _app.Services.GetRequiredService<VeniceSimulatorState>();

    public static async Task<VeniceSimulatorHost> StartAsync(Action<VeniceSimulatorOptions>? configure = null)
    {
        var clock = new TestClock(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
        var logs = new CapturingLoggerProvider();
        var options = new VeniceOptions { AdminKey = AdminKey, Simulator = { Enabled = true } };
        configure?.Invoke(options.Simulator);

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton<VeniceSimulatorState>();

        var app = builder.Build();
        app.MapVeniceSimulator();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new VeniceSimulatorHost(app, clock, logs, address.TrimEnd('/') + VeniceSimulatorEndpoints.BasePath);
    }

    /// <summary>A real client with tiny backoff so retries cost milliseconds.</summary>
    public VeniceKeyClient CreateClient(string adminKey = AdminKey, int maxRetries = 3, double timeoutSeconds = 10, double maxRetryAfterSeconds = 30)
    {
        var options = new VeniceOptions
        {
            BaseUrl = BaseUrl,
            AdminKey = adminKey,
            MaxRetries = maxRetries,
            RetryBaseDelayMs = 10,
            TimeoutSeconds = timeoutSeconds,
            MaxRetryAfterSeconds = maxRetryAfterSeconds,
        };
        var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        return new VeniceKeyClient(new HttpClient(), Options.Create(options), Clock, loggerFactory.CreateLogger<VeniceKeyClient>());
    }

    /// <summary>A plain HttpClient speaking to the simulator with the given bearer, as an app holding a key would.</summary>
    public HttpClient CreateRawClient(string? bearer)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        if (bearer is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        return http;
    }

    public int RequestCount(string method, string pathSuffix) =>
        State.Requests.Count(r => r.Method == method && r.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
