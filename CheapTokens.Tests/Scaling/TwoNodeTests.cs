using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Payments;
using CheapTokens.StandIns.Stripe;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CheapTokens.Tests.Scaling;

/// <summary>
/// Two store processes (the built app, as in production) on one PostgreSQL and one Redis, behind a sticky front
/// (<see cref="StickyFront"/>): what one node does, the other shows. Purchases run with the sandbox processor and with
/// the default one, Stripe through Stripe.net and each node's Stripe stand-in (their books and outbox in the shared
/// database).
/// </summary>
public sealed class TwoNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int DailySupply = 10;

    private PostgresTestDatabase _database = null!;
    private readonly List<string> _dataDirectories = [];

    private AppProcess NodeA { get; set; } = null!;

    private AppProcess NodeB { get; set; } = null!;

    private StickyFront Front { get; set; } = null!;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>The lines a node logs that show a shared thing going wrong between nodes, even when it recovered.</summary>
    private static readonly string[] Trouble =
    [
        "duplicate key", "23505",
        // The webhook received an event twice: two nodes sent it.
        "arrived again",
        // The orphan scan took over orders on a healthy cluster.
        "orders no",
    ];

    private async Task StartNodesAsync(string processor, int dailySupply = DailySupply)
    {
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
            ["Payments__Processor"] = processor,
            ["Receipts__StoreBaseUrl"] = PostgresTestDatabase.PublicAddress,
            // What these tests look for in the nodes' logs (Trouble) is logged at Information.
            ["Logging__LogLevel__CheapTokens.Blazor.Payments.Webhooks.StripeWebhookEndpoint"] = "Information",
            ["Logging__LogLevel__CheapTokens.Blazor.Provisioning.ResumeOrphanedOrdersJob"] = "Information",
            ["Pricing__DailySupply"] = dailySupply.ToString(System.Globalization.CultureInfo.InvariantCulture),
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

    public async ValueTask DisposeAsync()
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
        await StartNodesAsync(PaymentsOptions.SandboxProcessor);
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

    [ClusterTheory]
    [InlineData(PaymentsOptions.SandboxProcessor)]
    [InlineData(PaymentsOptions.StripeProcessor)]
    public async Task AnOrderPlacedOnNodeAIsVisibleOnNodeBAtOnce(string processor)
    {
        await StartNodesAsync(processor);
        using var a = new HttpClient { BaseAddress = NodeA.BaseAddress };
        using var b = new HttpClient { BaseAddress = NodeB.BaseAddress };
        var (status, token) = await BuyAsync(a, credits: 2, processor);
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
        // Supply is one number for both nodes: B's next tick shows A's sale.
        await Eventually(async () => (await b.GetFromJsonAsync<JsonElement>("/api/prices")).GetProperty("supply").GetProperty("remaining").GetInt32() == DailySupply - 2,
            "node B's board showing the sale");
    }

    [ClusterTheory]
    [InlineData(PaymentsOptions.SandboxProcessor)]
    [InlineData(PaymentsOptions.StripeProcessor)]
    public async Task TwoHundredBuyersOverBothNodesOnAHundredCreditsSellExactlyAHundredAndNoneGetsA5xx(string processor)
    {
        // Fifty orders over both nodes: enough concurrent writes to the stand-in's books and its outbox to collide.
        const int supply = 100;
        await StartNodesAsync(processor, supply);
        using var a = new HttpClient { BaseAddress = NodeA.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var b = new HttpClient { BaseAddress = NodeB.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var onA = await ConnectAsync(new Uri(NodeA.BaseAddress, "/hubs/prices"));
        var onB = await ConnectAsync(new Uri(NodeB.BaseAddress, "/hubs/prices"));
        (int Status, string? Token)[] results;
        try
        {
            // Two credits each: one (49 cents) is under Stripe's smallest charge.
            results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => BuyAsync(i % 2 == 0 ? a : b, credits: 2, processor))));
            // A tick or two more after the last sale.
            var seen = onB.Ticks.Count;
            await Eventually(() => onB.Ticks.Count >= seen + 2, "two more ticks on node B");
        }
        finally
        {
            await onA.Connection.DisposeAsync();
            await onB.Connection.DisposeAsync();
        }

        var statuses = string.Join(", ", results.GroupBy(r => r.Status).Select(g => $"{g.Key}: {g.Count()}"));
        Assert.DoesNotContain(results, r => r.Status >= 500);
        Assert.True(supply / 2 == results.Count(r => r.Status == 201), statuses);
        // Everyone else was told it is sold out, at the quote or at the order.
        Assert.All(results.Where(r => r.Status != 201), r => Assert.Equal(409, r.Status));
        Assert.Equal((long)supply, await _database.ScalarAsync<long>("SELECT COALESCE(SUM(\"Sold\"), 0) FROM \"DailySales\""));
        Assert.Equal((long)supply / 2, await _database.ScalarAsync<long>("SELECT COUNT(*) FROM \"PaymentLedger\" WHERE \"State\" = 'Succeeded'"));

        // Whatever second a node ticked in, both showed the same credits and orders left for it, sales going on or not.
        var bySecond = onB.Ticks.GroupBy(Second).ToDictionary(g => g.Key, g => g.Last());
        var compared = 0;
        foreach (var tick in onA.Ticks)
        {
            if (!bySecond.TryGetValue(Second(tick), out var other)) continue;
            Assert.Equal(Figures(tick), Figures(other));
            compared++;
        }
        Assert.True(compared >= 2, $"only {compared} seconds ticked on both nodes");

        if (processor == PaymentsOptions.StripeProcessor)
        {
            // Every event the stand-in wrote was delivered, and recorded once.
            await Eventually(async () => await _database.ScalarAsync<long>("SELECT COUNT(*) FROM \"StripeStandInEvents\" WHERE \"DeliveredAt\" IS NULL") == 0,
                "the stand-in's outbox delivered");
            Assert.Equal(await _database.ScalarAsync<long>("SELECT COUNT(*) FROM \"StripeStandInEvents\""),
                await _database.ScalarAsync<long>("SELECT COUNT(*) FROM \"ReceivedStripeEvents\""));
        }
        foreach (var node in new[] { NodeA, NodeB })
            Assert.DoesNotContain(node.Log, line => Trouble.Any(t => line.Contains(t, StringComparison.OrdinalIgnoreCase)));
    }

    private static long Second(JsonElement tick) => tick.GetProperty("asOf").GetDateTimeOffset().ToUnixTimeSeconds();

    private static (int Remaining, int? OrdersLeft) Figures(JsonElement tick) =>
        (tick.GetProperty("supply").GetProperty("remaining").GetInt32(),
         tick.TryGetProperty("ordersLeftToday", out var left) && left.ValueKind == JsonValueKind.Number ? left.GetInt32() : null);

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
    private static async Task<(int Status, string? Token)> BuyAsync(HttpClient http, int credits, string processor)
    {
        var quote = await http.PostAsJsonAsync("/api/quotes", new { credits });
        if (quote.StatusCode != HttpStatusCode.Created) return ((int)quote.StatusCode, null);
        var quoteId = (await quote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new
            {
                quoteId,
                email = "two-nodes@example.com",
                paymentMethod = processor == PaymentsOptions.StripeProcessor ? StandInTestMethods.Visa : SandboxPaymentProcessor.Ok,
            }),
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
