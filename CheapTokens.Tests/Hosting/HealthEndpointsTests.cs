using System.Net;
using System.Text.Json;
using CheapTokens.Blazor.Data;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Hosting;

public class HealthEndpointsTests
{
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

        // Standby the scheduler, as if the tick job died, then let a minute pass.
        await (await host.Get<Quartz.ISchedulerFactory>().GetScheduler()).Standby();
        clock.Advance(TimeSpan.FromMinutes(1));

        var (readyStatus, ready) = await GetAsync(host, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Equal("Unhealthy", ready.GetProperty("checks").GetProperty("prices").GetString());
    }
}
