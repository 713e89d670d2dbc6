using System.Net;
using System.Text.Json;
using CheapTokens.Blazor.Data;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Hosting;

public class HealthEndpointsTests : IDisposable
{
    private readonly string _certificateFolder = StoreHost.NewDataDirectory();

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(StoreHost host, string path)
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task StartedStoreIsLiveAndReadyWithEachCheckNamed()
    {
        await using var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));

        var (liveStatus, live) = await GetAsync(host, "/health/live");
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("Healthy", live.GetProperty("status").GetString());

        var (readyStatus, ready) = await GetAsync(host, "/health/ready");
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("prices").GetString());
    }

    [Fact]
    public async Task StoreWhoseDatabaseLostItsSchemaIsLiveButNotReady()
    {
        await using var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));
        await using (var db = await host.Get<IDbContextFactory<StoreDbContext>>().CreateDbContextAsync())
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"__EFMigrationsHistory\"");

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "/health/live")).Status);
        var (readyStatus, ready) = await GetAsync(host, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Equal("Unhealthy", ready.GetProperty("checks").GetProperty("database").GetString());
    }

    [Fact]
    public async Task StoreWhosePricesStoppedTickingIsNotReady()
    {
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        await using var host = await StoreHost.StartAsync(clock: clock);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "/health/ready")).Status);

        // Stop the scheduler as if the tick job died (a tick already under way finishes first), then let a minute pass.
        await (await host.Get<Quartz.ISchedulerFactory>().GetScheduler()).Shutdown(waitForJobsToComplete: true);
        clock.Advance(TimeSpan.FromMinutes(1));

        var (readyStatus, ready) = await GetAsync(host, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Equal("Unhealthy", ready.GetProperty("checks").GetProperty("prices").GetString());
    }

    [Fact]
    public async Task VeniceAndStripeOutOfReachLeaveTheStoreReadyButDegradedNamingThem()
    {
        var closedPort = ClosedPort();
        await using var host = await StartStagingAsync(new Dictionary<string, string?>
        {
            ["Venice:BaseUrl"] = $"http://127.0.0.1:{closedPort}/api/v1",
            ["Payments:Processor"] = "Stripe",
            ["Payments:Stripe:ApiBase"] = $"http://127.0.0.1:{closedPort}",
            ["Payments:Stripe:SecretKey"] = "sk_test_unreachable",
            ["Payments:Stripe:PublishableKey"] = "pk_test_unreachable",
            ["Payments:Stripe:WebhookSecret"] = "whsec_unreachable",
        }, new FakeTimeProvider(StoreHost.Afternoon));

        var (status, ready) = await GetAsync(host, "/health/ready");

        // Degraded still answers 200: the node serves pages and prices, and a front keeps it.
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", ready.GetProperty("status").GetString());
        Assert.Equal("Degraded", ready.GetProperty("checks").GetProperty("venice").GetString());
        Assert.Equal("Degraded", ready.GetProperty("checks").GetProperty("payments").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetString());
    }

    [Fact]
    public async Task ADependencyIsProbedOncePerIntervalNotOncePerCheckAndA5xxIsDegraded()
    {
        var venice = new CountingVenice();
        await using var stub = await venice.StartAsync();
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        await using var host = await StartStagingAsync(new Dictionary<string, string?>
        {
            ["Venice:BaseUrl"] = stub.Urls.First() + "/api/v1",
            ["Health:ProbeIntervalSeconds"] = "30",
        }, clock);

        for (var i = 0; i < 10; i++) Assert.Equal("Healthy", (await GetAsync(host, "/health/ready")).Body.GetProperty("checks").GetProperty("venice").GetString());
        Assert.Equal(1, venice.Probes);

        // Venice starts failing. Within the interval nothing new is asked; past it, the next check starts one probe in the
        // background (answering with what it knew), and the checks after it see the failure.
        venice.Status = 503;
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("Healthy", (await GetAsync(host, "/health/ready")).Body.GetProperty("checks").GetProperty("venice").GetString());
        Assert.Equal(1, venice.Probes);
        clock.Advance(TimeSpan.FromSeconds(2));
        await GetAsync(host, "/health/ready");
        string? seen = null;
        for (var i = 0; i < 100 && seen != "Degraded"; i++)
        {
            await Task.Delay(50);
            seen = (await GetAsync(host, "/health/ready")).Body.GetProperty("checks").GetProperty("venice").GetString();
        }
        Assert.Equal("Degraded", seen);
        Assert.Equal(2, venice.Probes);
    }

    /// <summary>A Venice that is not the simulator with simulated money is a deliberate mix: Staging, with a sealed key ring.</summary>
    private Task<StoreHost> StartStagingAsync(Dictionary<string, string?> settings, FakeTimeProvider clock)
    {
        Directory.CreateDirectory(_certificateFolder);
        return StoreHost.StartAsync(
            InstallSettings.Merge(InstallSettings.KeyRingCertificate(_certificateFolder), new Dictionary<string, string?> { ["Store:Mode"] = "Staging" }, settings), clock);
    }

    public void Dispose() => StoreHost.DeleteDataDirectory(_certificateFolder);

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Venice's model list on a port of its own, counting the store's unauthenticated looks at it.</summary>
    private sealed class CountingVenice
    {
        private int _probes;

        public int Probes
        {
            get => Volatile.Read(ref _probes);
            set => Volatile.Write(ref _probes, value);
        }

        public int Status { get; set; } = 200;

        public async Task<WebApplication> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.Run(context =>
            {
                if (context.Request.Path == "/api/v1/models" && !context.Request.Headers.ContainsKey("Authorization")) Interlocked.Increment(ref _probes);
                context.Response.StatusCode = context.Request.Path == "/api/v1/models" ? Status : 404;
                return Task.CompletedTask;
            });
            await app.StartAsync();
            return app;
        }
    }
}
