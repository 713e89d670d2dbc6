using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.LivePrices;

public class PricesHubTests
{
    private static readonly Dictionary<string, string?> FastTicks = new() { ["LivePrices:TickIntervalMilliseconds"] = "100" };

    [Fact]
    public async Task ClientReceivesTheCurrentSnapshotOnConnectAndAnotherAfterATick()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 18, 0, 0, TimeSpan.Zero));
        await using var host = await StoreHost.StartAsync(FastTicks, clock);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var received = Channel.CreateUnbounded<JsonElement>();
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, "/hubs/prices")).Build();
        connection.On<JsonElement>("prices", snapshot => received.Writer.TryWrite(snapshot));
        await connection.StartAsync(timeout.Token);

        var onConnect = await received.Reader.ReadAsync(timeout.Token);
        Assert.Equal(clock.GetUtcNow(), onConnect.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(0.57m, onConnect.GetProperty("unitPrice").GetDecimal());

        // Three hours on, then one tick interval at a time until the scheduler fires (the clock drives it).
        clock.Advance(TimeSpan.FromHours(3));
        JsonElement next;
        do
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            wait.CancelAfter(TimeSpan.FromMilliseconds(200));
            try { next = await received.Reader.ReadAsync(wait.Token); }
            catch (OperationCanceledException) when (!timeout.IsCancellationRequested) { continue; }
            if (next.GetProperty("asOf").GetDateTimeOffset() >= clock.GetUtcNow().AddMinutes(-1)) break;
        }
        while (true);

        // Just past 21:00 UTC, where the default curve is at 64% off: a hair under $0.36.
        var asOf = next.GetProperty("asOf").GetDateTimeOffset();
        Assert.InRange(asOf, new DateTimeOffset(2026, 1, 15, 21, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.InRange(next.GetProperty("unitPrice").GetDecimal(), 0.3599m, 0.36m);
    }

    [Fact]
    public async Task EveryClientGetsEachTickOnceWhateverPartitionItWasDealtInto()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 18, 0, 0, TimeSpan.Zero));
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["LivePrices:TickIntervalMilliseconds"] = "100",
            ["LivePrices:HubSendPartitions"] = "3",
        }, clock);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Seven clients over three groups: groups of three, two and two.
        var clients = new List<(HubConnection Connection, Channel<DateTimeOffset> Received)>();
        for (var i = 0; i < 7; i++)
        {
            var received = Channel.CreateUnbounded<DateTimeOffset>();
            var connection = new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, "/hubs/prices")).Build();
            connection.On<JsonElement>("prices", snapshot => received.Writer.TryWrite(snapshot.GetProperty("asOf").GetDateTimeOffset()));
            await connection.StartAsync(timeout.Token);
            await received.Reader.ReadAsync(timeout.Token); // the snapshot on connect
            clients.Add((connection, received));
        }

        try
        {
            var first = await NextTickAsync(clients[0].Received, clock, timeout.Token);
            foreach (var (_, received) in clients.Skip(1))
                Assert.Equal(first, await received.Reader.ReadAsync(timeout.Token));

            // Each later message is a later tick up to the next one the first client sees: nothing came twice.
            var second = await NextTickAsync(clients[0].Received, clock, timeout.Token);
            foreach (var (_, received) in clients.Skip(1))
            {
                var previous = first;
                DateTimeOffset seen;
                do
                {
                    seen = await received.Reader.ReadAsync(timeout.Token);
                    Assert.True(seen > previous, $"{seen:O} arrived after {previous:O}");
                    previous = seen;
                }
                while (seen < second);
                Assert.Equal(second, seen);
            }
        }
        finally
        {
            foreach (var (connection, _) in clients) await connection.DisposeAsync();
        }
    }

    /// <summary>Moves the clock a tick interval at a time until <paramref name="received"/> gets a tick.</summary>
    private static async Task<DateTimeOffset> NextTickAsync(Channel<DateTimeOffset> received, FakeTimeProvider clock, CancellationToken cancel)
    {
        while (true)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            wait.CancelAfter(TimeSpan.FromMilliseconds(200));
            try { return await received.Reader.ReadAsync(wait.Token); }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested) { }
        }
    }

    [Fact]
    public async Task PricesApiReturnsTheSnapshotAsJson()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 22, 30, 0, TimeSpan.Zero));
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
