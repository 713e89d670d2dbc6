using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.LivePrices;

public class PricesHubTests
{
    private static readonly Dictionary<string, string?> FastTicks = new() { ["LivePrices:TickIntervalMilliseconds"] = "100" };

    [Fact]
    public async Task ClientReceivesTheCurrentSnapshotOnConnectAndAnotherAfterATick()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 1, 15, 18, 0, 0, TimeSpan.Zero));
        await using var host = await StoreHost.StartAsync(FastTicks, clock);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await using var client = await SignalRJsonClient.ConnectAsync(host.BaseAddress, "/hubs/prices", timeout.Token);
        var onConnect = await client.ReceiveInvocationAsync("prices", timeout.Token);
        Assert.Equal(clock.GetUtcNow(), onConnect.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(0.57m, onConnect.GetProperty("unitPrice").GetDecimal());

        clock.Advance(TimeSpan.FromHours(3));
        JsonElement next;
        do next = await client.ReceiveInvocationAsync("prices", timeout.Token);
        while (next.GetProperty("asOf").GetDateTimeOffset() != clock.GetUtcNow());

        Assert.Equal(0.36m, next.GetProperty("unitPrice").GetDecimal());
    }

    [Fact]
    public async Task PricesApiReturnsTheSnapshotAsJson()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 1, 15, 22, 30, 0, TimeSpan.Zero));
        await using var host = await StoreHost.StartAsync(clock: clock);
        using var http = host.CreateClient();

        var json = await http.GetFromJsonAsync<JsonElement>("/api/prices");

        Assert.Equal(1.00m, json.GetProperty("listPrice").GetDecimal());
        Assert.Equal(0.27m, json.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(73m, json.GetProperty("discountPercent").GetDecimal());
        Assert.Equal(new DateTimeOffset(2026, 1, 16, 0, 0, 0, TimeSpan.Zero), json.GetProperty("nextMidnightUtc").GetDateTimeOffset());
        Assert.Equal(10_000, json.GetProperty("supply").GetProperty("total").GetInt32());
        Assert.Equal(10_000, json.GetProperty("supply").GetProperty("remaining").GetInt32());
        Assert.False(json.GetProperty("soldOut").GetBoolean());
        Assert.Equal(7, json.GetProperty("curve").GetArrayLength());
    }
}
