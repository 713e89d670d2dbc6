using System.Diagnostics;
using System.Net;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;

namespace CheapTokens.Tests.Telemetry;

/// <summary>The Prometheus scrape endpoint: off by default, and when on only for loopback and configured addresses.</summary>
public class MetricsEndpointTests
{
    private const string RemoteIpHeader = "X-Test-Remote-Ip";

    private static Task<StoreHost> StartAsync(params (string Key, string? Value)[] settings) =>
        StoreHost.StartAsync(
            settings.ToDictionary(s => s.Key, s => s.Value),
            new FakeTimeProvider(StoreHost.Afternoon),
            services => services.AddTransient<IStartupFilter, RemoteIpFromHeader>());

    private static async Task<HttpResponseMessage> ScrapeAsync(StoreHost host, string? from = null, string? forwardedFor = null)
    {
        using var http = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (from is not null) request.Headers.Add(RemoteIpHeader, from);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task TheEndpointIsOffByDefault()
    {
        await using var host = await StartAsync();

        using var scrape = await ScrapeAsync(host);

        Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
    }

    [Fact]
    public async Task ALoopbackScrapeHasTheStoresInstrumentsAndPassesPromtool()
    {
        await using var host = await StartAsync(("Telemetry:Prometheus:Enabled", "true"), ("Venice:Simulator:Enabled", "true"));
        var token = await host.BuyCreditsAsync(credits: 2);
        await host.WaitForOrderStatusAsync(token, "fulfilled");

        using var scrape = await ScrapeAsync(host);
        var text = await scrape.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        foreach (var series in new[]
                 {
                     "cheaptokens_orders_paid_total{", "cheaptokens_orders_revenue_total{", "cheaptokens_venice_calls_total{",
                     "cheaptokens_provisioning_time_to_key_seconds_bucket{", "cheaptokens_live_prices_subscribers{",
                     "dotnet_gc_collections_total{", "http_server_request_duration_seconds_bucket{", "kestrel_active_connections{",
                 })
            Assert.Contains(series, text);
        Assert.DoesNotContain(token, text);

        if (FindOnPath("promtool") is not { } promtool) return; // .ci/services.sh installs it; a bare machine checks the rest
        var check = new ProcessStartInfo(promtool, ["check", "metrics"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(check)!;
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"promtool check metrics failed ({process.ExitCode}): {output}");
    }

    [Fact]
    public async Task AnotherAddressGets404UnlessItIsConfigured()
    {
        await using var host = await StartAsync(("Telemetry:Prometheus:Enabled", "true"), ("Telemetry:Prometheus:AllowedAddresses:0", "198.51.100.0/24"));

        using var stranger = await ScrapeAsync(host, from: "203.0.113.7");
        using var monitoring = await ScrapeAsync(host, from: "198.51.100.20");
        using var local = await ScrapeAsync(host);
        // A proxy on this machine the store was not told to trust: the caller behind it is anyone.
        using var relayed = await ScrapeAsync(host, forwardedFor: "203.0.113.7");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (stranger.StatusCode, relayed.StatusCode));
        Assert.DoesNotContain("cheaptokens_", await stranger.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (monitoring.StatusCode, local.StatusCode));
    }

    [Fact]
    public async Task TelemetryOffMeansNoExportAtAll()
    {
        await using var host = await StartAsync(("Telemetry:Enabled", "false"), ("Telemetry:Prometheus:Enabled", "true"));

        using var scrape = await ScrapeAsync(host);

        Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    /// <summary>Test-only: the first middleware sets the caller's address from <see cref="RemoteIpHeader"/>, as a remote connection would.</summary>
    private sealed class RemoteIpFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[RemoteIpHeader] is [{ } address]) context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
