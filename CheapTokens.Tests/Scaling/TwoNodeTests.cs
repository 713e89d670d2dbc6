using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Payments;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CheapTokens.Tests.Scaling;

/// <summary>
/// Two store processes (the built app, as in production) on one PostgreSQL and one Redis, behind a sticky front
/// (<see cref="StickyFront"/>): what one node does, the other shows.
/// </summary>
public sealed class TwoNodeTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int DailySupply = 10;

    private PostgresTestDatabase _database = null!;
    private readonly List<string> _dataDirectories = [];

    private AppProcess NodeA { get; set; } = null!;

    private AppProcess NodeB { get; set; } = null!;

    private StickyFront Front { get; set; } = null!;

    public async Task InitializeAsync()
    {
        if (TestServices.MissingReason(redis: true) is not null) return; // the facts below are skipped
        _database = await PostgresTestDatabase.CreateAsync();
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = _database.ConnectionString,
            ["Redis__Configuration"] = TestServices.Redis!,
            // Tests share one Redis: a channel prefix per store keeps their messages apart.
            ["Redis__ChannelPrefix"] = _database.Name,
            // Both nodes' simulated Venice answer the same admin key, so either can manage the other's keys.
            ["Venice__AdminKey"] = "two-node-admin-key-5e1f",
            ["Payments__Processor"] = PaymentsOptions.SandboxProcessor,
            ["Pricing__DailySupply"] = DailySupply.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits__Enabled"] = "false",
            ["KeyPool__Enabled"] = "false",
            ["Venice__Simulator__RateLimitPerMinute"] = "100000",
            ["Provisioning__KeyCreationsPerMinute"] = "1000",
        };
        string NewFolder()
        {
            var folder = StoreHost.NewDataDirectory();
            _dataDirectories.Add(folder);
            return folder;
        }
        // Started together: they migrate one after the other (the migration lock), and both serve.
        var nodes = await Task.WhenAll(AppProcess.StartAsync(NewFolder(), settings), AppProcess.StartAsync(NewFolder(), settings));
        (NodeA, NodeB) = (nodes[0], nodes[1]);
        Front = await StickyFront.StartAsync(NodeA.BaseAddress, NodeB.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        // What the nodes logged (warnings and errors), for a failing test.
        foreach (var (name, node) in new[] { ("A", NodeA), ("B", NodeB) })
            if (node is not null) foreach (var line in node.Log) output.WriteLine($"node {name}: {line}");
        if (Front is not null) await Front.DisposeAsync();
        if (NodeA is not null) await NodeA.DisposeAsync();
        if (NodeB is not null) await NodeB.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        foreach (var folder in _dataDirectories) StoreHost.DeleteDataDirectory(folder);
    }

    [ClusterFact]
    public async Task AHubClientOnNodeBAndOneThroughTheFrontBothReceiveEveryTickAndThePageIsServedThroughTheFront()
    {
        var onB = await ConnectAsync(new Uri(NodeB.BaseAddress, "/hubs/prices"));
        var throughFront = await ConnectAsync(new Uri(Front.BaseAddress, "/hubs/prices"));
        try
        {
            // One tick a second on each node: each client sees them in order, and never one twice (nor another node's).
            await Eventually(() => onB.Ticks.Count >= 4 && throughFront.Ticks.Count >= 4, "four ticks on each client");
            foreach (var ticks in new[] { onB.Ticks, throughFront.Ticks })
            {
                var asOf = ticks.Select(t => t.GetProperty("asOf").GetDateTimeOffset()).ToList();
                Assert.True(asOf.Count >= 3, $"only {asOf.Count} ticks");
                Assert.Equal(asOf.Count, asOf.Distinct().Count());
                Assert.Equal(asOf.Order(), asOf);
            }

            // Both nodes ready, Redis included, as the front sees them.
            using var probe = new HttpClient();
            foreach (var node in new[] { NodeA, NodeB })
            {
                var ready = await probe.GetAsync(new Uri(node.BaseAddress, "/health/ready"));
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                Assert.Equal("Healthy", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("redis").GetString());
            }

            using var browser = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = Front.BaseAddress };
            var page = await browser.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("live-price", await page.Content.ReadAsStringAsync());
        }
        finally
        {
            await onB.Connection.DisposeAsync();
            await throughFront.Connection.DisposeAsync();
        }
    }

    [ClusterFact]
    public async Task AnOrderPlacedOnNodeAIsVisibleOnNodeBAtOnce()
    {
        using var a = new HttpClient { BaseAddress = NodeA.BaseAddress };
        using var b = new HttpClient { BaseAddress = NodeB.BaseAddress };
        var (status, token) = await BuyAsync(a, credits: 2);
        Assert.Equal(201, status);

        var onB = await b.GetAsync($"/api/orders/{token}");
        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        var order = await onB.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, order.GetProperty("credits").GetInt32());
        // The order page too, and the key it ends with, whichever node minted it.
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/orders/{token}")).StatusCode);
        await Eventually(async () => (order = await b.GetFromJsonAsync<JsonElement>($"/api/orders/{token}")).GetProperty("status").GetString() == "fulfilled",
            "the order fulfilled, seen on node B");
        Assert.False(string.IsNullOrEmpty(order.GetProperty("apiKey").GetString()));
        // Supply is one number for both nodes.
        // Supply is one number for both nodes: B's next tick shows A's sale.
        await Eventually(async () => (await b.GetFromJsonAsync<JsonElement>("/api/prices")).GetProperty("supply").GetProperty("remaining").GetInt32() == DailySupply - 2,
            "node B's board showing the sale");
    }

    [ClusterFact]
    public async Task TwoHundredBuyersOverBothNodesOnTenCreditsBuyExactlyTenAndNoneGetsA5xx()
    {
        using var a = new HttpClient { BaseAddress = NodeA.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var b = new HttpClient { BaseAddress = NodeB.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => BuyAsync(i % 2 == 0 ? a : b, credits: 1))));

        Assert.DoesNotContain(results, r => r.Status >= 500);
        Assert.Equal(DailySupply, results.Count(r => r.Status == 201));
        // Everyone else was told it is sold out, at the quote or at the order.
        Assert.All(results.Where(r => r.Status != 201), r => Assert.Equal(409, r.Status));
        Assert.Equal((long)DailySupply, await _database.ScalarAsync<long>("SELECT COALESCE(SUM(\"Sold\"), 0) FROM \"DailySales\""));
        Assert.Equal((long)DailySupply, await _database.ScalarAsync<long>("SELECT COUNT(*) FROM \"PaymentLedger\" WHERE \"State\" = 'Succeeded'"));
    }

    /// <summary>Polls (the nodes run on the real clock) until <paramref name="condition"/> holds, for at most 30 s.</summary>
    private static Task Eventually(Func<bool> condition, string what) => Eventually(() => Task.FromResult(condition()), what);

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail($"Waited 30 s for {what}.");
            await Task.Delay(100);
        }
    }

    /// <summary>Quote, then order with a fresh idempotency key; the first refusal's status, or 201 and the order's token.</summary>
    private static async Task<(int Status, string? Token)> BuyAsync(HttpClient http, int credits)
    {
        var quote = await http.PostAsJsonAsync("/api/quotes", new { credits });
        if (quote.StatusCode != HttpStatusCode.Created) return ((int)quote.StatusCode, null);
        var quoteId = (await quote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { quoteId, email = "two-nodes@example.com", paymentMethod = SandboxPaymentProcessor.Ok }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var order = await http.SendAsync(request);
        if (order.StatusCode != HttpStatusCode.Created) return ((int)order.StatusCode, null);
        return (201, (await order.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
    }

    private sealed record HubClient(HubConnection Connection, ConcurrentQueue<JsonElement> Ticks);

    private static async Task<HubClient> ConnectAsync(Uri hub)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, o =>
            {
                // Straight to a WebSocket: through the front this is one upgraded connection, as a browser's would be.
                o.SkipNegotiation = true;
                o.Transports = HttpTransportType.WebSockets;
            })
            .Build();
        var ticks = new ConcurrentQueue<JsonElement>();
        connection.On<JsonElement>("prices", ticks.Enqueue);
        await connection.StartAsync();
        return new HubClient(connection, ticks);
    }
}
