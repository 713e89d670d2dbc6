using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Payments;
using CheapTokens.Tests.Support;
using Npgsql;

namespace CheapTokens.Tests.Scaling;

/// <summary>
/// Two store processes on one PostgreSQL and Redis; node A is killed with SIGKILL in the middle of a rush of orders,
/// a little before 00:00 UTC on the store's clock, with a pass whose run is due at 00:00. Node B carries on: every order
/// ends final with a key or a refund, no key is minted twice, the cluster's jobs fire on B within 30 s, the pass run is
/// minted once; then A is started again and serves.
/// </summary>
public sealed class NodeFailoverTests(ITestOutputHelper output)
{
    private static readonly string[] FinalOrderStates = ["Fulfilled", "Declined", "Refunded"];

    [ClusterFact]
    public async Task KillingNodeAMidRushLeavesEveryOrderFinalOnNodeBAndARestartedNodeRejoins()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var folders = new[] { StoreHost.NewDataDirectory(), StoreHost.NewDataDirectory() };
        // The store's clock starts at 23:58:20 (UTC, tomorrow's midnight ahead): the rush, the kill and the failover
        // happen before 00:00, the pass run falls due at 00:00 with node A dead.
        var realNow = TimeProvider.System.GetUtcNow();
        var storeStart = new DateTimeOffset(realNow.UtcDateTime.Date.AddDays(1), TimeSpan.Zero).AddSeconds(-100);
        var offset = Math.Round((storeStart - realNow).TotalSeconds);
        var midnight = new DateTimeOffset(realNow.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = database.ConnectionString,
            ["Redis__Configuration"] = TestServices.Redis!,
            ["Redis__ChannelPrefix"] = database.Name,
            ["Receipts__StoreBaseUrl"] = PostgresTestDatabase.PublicAddress,
            ["Venice__AdminKey"] = "failover-admin-key-7d2c",
            ["Clock__OffsetSeconds"] = offset.ToString(CultureInfo.InvariantCulture),
            ["Clock__AllowOffsetInProduction"] = "true",
            ["Payments__Processor"] = PaymentsOptions.SandboxProcessor,
            // Slow enough that the kill lands mid-charge.
            ["Payments__Sandbox__DelayMs"] = "200",
            ["Payments__ReconcileGraceSeconds"] = "3",
            ["Payments__ReconcileIntervalSeconds"] = "2",
            ["Checkout__QuoteHoldSeconds"] = "3600",
            ["Pricing__DailySupply"] = "1000000",
            ["RateLimits__Enabled"] = "false",
            ["KeyPool__Enabled"] = "false",
            ["KeyPool__HandOutMarginSeconds"] = "0",
            ["Provisioning__KeyCreationsPerMinute"] = "1000",
            ["Provisioning__RetryDelaySeconds"] = "1",
            ["Venice__Simulator__RateLimitPerMinute"] = "100000",
        };
        AppProcess? nodeA = null, nodeB = null, restarted = null;
        try
        {
            var started = await Task.WhenAll(AppProcess.StartAsync(folders[0], settings), AppProcess.StartAsync(folders[1], settings));
            (nodeA, nodeB) = (started[0], started[1]);
            using var a = new HttpClient { BaseAddress = nodeA.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
            using var b = new HttpClient { BaseAddress = nodeB.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

            // A pass for tomorrow, bought on A: its run is minted at 00:00, by whichever node is alive.
            var tomorrow = midnight.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var passQuote = await a.PostAsJsonAsync("/api/quotes", new { diemPerDay = 3, dates = new[] { tomorrow } });
            Assert.Equal(HttpStatusCode.Created, passQuote.StatusCode);
            var pass = await PlaceAsync(a, new Attempt(Guid.NewGuid().ToString("N"), new
            {
                quoteId = (await passQuote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
                email = "pass@example.com",
                paymentMethod = SandboxPaymentProcessor.Ok,
            }));
            Assert.Equal(201, pass.Status);

            // The rush on A; A dies in the middle of it.
            var attempts = new ConcurrentBag<Attempt>();
            using var stop = new CancellationTokenSource();
            var buyers = Enumerable.Range(0, 6).Select(_ => Task.Run(() => BuyUntilStoppedAsync(a, attempts, stop.Token))).ToList();
            await Eventually(() => Task.FromResult(attempts.Count(x => x.Status is not null) >= 12), "orders flowing on node A", TimeSpan.FromSeconds(60));
            var beforeKill = await TriggerFiresAsync(database);
            var killedAt = Stopwatch.StartNew();
            Assert.Equal(137, nodeA.Kill());
            await stop.CancelAsync();
            await Task.WhenAll(buyers);

            // Buyers cut off by the kill ask again, with the same key and body, on B, at once (a quote of today cannot be ordered after 00:00).
            var cutOff = attempts.Where(x => x.Status is null).ToList();
            var retried = await Task.WhenAll(cutOff.Select(x => PlaceAsync(b, x)));
            Assert.All(retried, r => Assert.True(r.Status is 201 or 402, $"a retry answered {r.Status}"));
            Assert.All(attempts.Where(x => x.Status is not null), x => Assert.True(x.Status is 201 or 402, $"an order answered {x.Status}"));

            // The cluster's singleton jobs (those due every few seconds) all fire again within 30 s of the kill: on B,
            // the only node left, including any trigger A had acquired when it died.
            string[] frequent = ["PaymentReconciliation.trigger", "ResumeOrphanedOrdersJob.trigger", "KeyPoolRefillJob.trigger"];
            await Eventually(async () =>
            {
                var now = await TriggerFiresAsync(database);
                return frequent.All(t => now[t] > beforeKill[t]);
            }, "the cluster's jobs firing after the kill", TimeSpan.FromSeconds(30));
            output.WriteLine($"every frequent job fired again within {killedAt.Elapsed.TotalSeconds:F1} s of the kill");


            // Past midnight on the store's clock, everything settles on B alone.
            try
            {
                await Eventually(async () => await OpenCountAsync(database) == 0 && TimeProvider.System.GetUtcNow().AddSeconds(offset) > midnight.AddSeconds(5),
                    "every order and payment final, past midnight", TimeSpan.FromMinutes(3));
            }
            finally
            {
                foreach (var open in await ReadAsync(database, """
                             SELECT o."Status", o."Product", p."State", COALESCE(o."FailureReason", ''), (SELECT COUNT(*) FROM "OrderLeases" l WHERE l."OrderId" = o."Id")
                             FROM "Orders" o LEFT JOIN "PaymentLedger" p ON p."OrderId" = o."Id"
                             WHERE o."Status" NOT IN ('Fulfilled', 'Declined', 'Refunded') OR p."State" IN ('Pending', 'AwaitingBuyer', 'RefundPending')
                             """, r => $"{r.GetString(0)} {r.GetString(1)} payment {(r.IsDBNull(2) ? "-" : r.GetString(2))} '{r.GetString(3)}' leases {r.GetInt64(4)}"))
                    output.WriteLine("open: " + open);
            }

            var orders = await ReadAsync(database, """
                SELECT o."Id", o."Status", o."Product", (SELECT COUNT(*) FROM "OrderKeys" k WHERE k."OrderId" = o."Id" AND k."Status" = 'Minted')
                FROM "Orders" o
                """, r => (Id: r.GetGuid(0), Status: r.GetString(1), Product: r.GetString(2), Minted: r.GetInt64(3)));
            var charges = await ReadAsync(database, "SELECT \"Id\", \"OrderId\", \"Succeeded\" FROM \"SandboxCharges\"", r => (Id: r.GetString(0), OrderId: r.GetGuid(1), Succeeded: r.GetBoolean(2)));
            var refunds = (await ReadAsync(database, "SELECT \"ChargeId\" FROM \"SandboxRefunds\"", r => r.GetString(0))).ToHashSet();
            var liveKeys = await ReadAsync(database, "SELECT \"Description\" FROM \"SimulatedVeniceKeys\" WHERE \"RevokedAt\" IS NULL", r => r.GetString(0));
            output.WriteLine($"orders: {orders.Count} ({string.Join(", ", orders.GroupBy(o => o.Status).Select(g => $"{g.Count()} {g.Key}"))}); " +
                             $"cut off by the kill: {cutOff.Count}; charges: {charges.Count(c => c.Succeeded)}; refunds: {refunds.Count}; live keys: {liveKeys.Count}");

            Assert.True(cutOff.Count + orders.Count > 10, "the rush placed too few orders to mean anything");
            Assert.All(orders, o => Assert.Contains(o.Status, FinalOrderStates));
            Assert.All(charges.GroupBy(c => c.OrderId), g => Assert.Single(g));
            foreach (var charge in charges.Where(c => c.Succeeded))
            {
                var order = Assert.Single(orders, o => o.Id == charge.OrderId);
                Assert.True(order.Minted > 0 ^ refunds.Contains(charge.Id), $"order {order.Id} ({order.Status}): keys {order.Minted}, refunded {refunds.Contains(charge.Id)}");
            }
            // No key minted twice: one live key per run description.
            Assert.All(liveKeys.GroupBy(d => d), g => Assert.Single(g));
            var passOrder = Assert.Single(orders, o => o.Product == "Pass");
            Assert.Equal("Fulfilled", passOrder.Status);
            Assert.Equal(1, passOrder.Minted);

            // A restarted A rejoins: ready, and it sells.
            restarted = await AppProcess.StartAsync(folders[0], settings);
            using var again = new HttpClient { BaseAddress = restarted.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            await Eventually(async () => (await again.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the restarted node ready", TimeSpan.FromSeconds(30));
            var afterRestart = await BuyAsync(again);
            Assert.Equal(201, afterRestart.Status);
        }
        finally
        {
            foreach (var (name, node) in new[] { ("A", nodeA), ("B", nodeB), ("A again", restarted) })
            {
                if (node is null) continue;
                await node.DisposeAsync();
                foreach (var line in node.Log.Where(l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)).Take(40))
                    output.WriteLine($"node {name}: {line}");
            }
            foreach (var folder in folders) StoreHost.DeleteDataDirectory(folder);
        }
    }

    private sealed class Attempt(string key, object body)
    {
        public string Key { get; } = key;

        public object Body { get; } = body;

        /// <summary>Null while unanswered (cut off by the kill).</summary>
        public int? Status { get; set; }
    }

    private static async Task<(int? Status, string? Token)> PlaceAsync(HttpClient http, Attempt attempt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(attempt.Body) };
        request.Headers.Add("Idempotency-Key", attempt.Key);
        var response = await http.SendAsync(request);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return ((int)response.StatusCode, json.TryGetProperty("token", out var token) ? token.GetString() : null);
    }

    private static async Task<(int? Status, string? Token)> BuyAsync(HttpClient http)
    {
        var quote = await http.PostAsJsonAsync("/api/quotes", new { credits = 1 });
        if (quote.StatusCode != HttpStatusCode.Created) return ((int)quote.StatusCode, null);
        var quoteId = (await quote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return await PlaceAsync(http, new Attempt(Guid.NewGuid().ToString("N"), new { quoteId, email = "again@example.com", paymentMethod = SandboxPaymentProcessor.Ok }));
    }

    private static async Task BuyUntilStoppedAsync(HttpClient http, ConcurrentBag<Attempt> attempts, CancellationToken stop)
    {
        string[] methods = [SandboxPaymentProcessor.Ok, SandboxPaymentProcessor.Ok, SandboxPaymentProcessor.Ok, SandboxPaymentProcessor.Declined];
        while (!stop.IsCancellationRequested)
        {
            Guid quoteId;
            try
            {
                var quote = await http.PostAsJsonAsync("/api/quotes", new { credits = Random.Shared.Next(1, 4) }, stop);
                quote.EnsureSuccessStatusCode();
                quoteId = (await quote.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("id").GetGuid();
            }
            catch (Exception)
            {
                return; // the node went down before the quote came back: nothing to retry
            }
            var attempt = new Attempt(Guid.NewGuid().ToString("N"), new
            {
                quoteId, email = "rush@example.com", paymentMethod = methods[Random.Shared.Next(methods.Length)],
            });
            attempts.Add(attempt);
            try
            {
                attempt.Status = (await PlaceAsync(http, attempt)).Status;
            }
            catch (Exception)
            {
                return; // cut off by the kill
            }
        }
    }

    private static async Task<Dictionary<string, long>> TriggerFiresAsync(PostgresTestDatabase database) =>
        (await ReadAsync(database, "SELECT trigger_name, COALESCE(prev_fire_time, 0) FROM qrtz_triggers", r => (r.GetString(0), r.GetInt64(1))))
        .ToDictionary(t => t.Item1, t => t.Item2);

    private static async Task<long> OpenCountAsync(PostgresTestDatabase database) =>
        await database.ScalarAsync<long>("SELECT COUNT(*) FROM \"Orders\" WHERE \"Status\" NOT IN ('Fulfilled', 'Declined', 'Refunded')")
        + await database.ScalarAsync<long>("SELECT COUNT(*) FROM \"PaymentLedger\" WHERE \"State\" IN ('Pending', 'AwaitingBuyer', 'RefundPending')");

    private static async Task<List<T>> ReadAsync<T>(PostgresTestDatabase database, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > timeout) Assert.Fail($"Waited {timeout} for {what}.");
            await Task.Delay(200);
        }
    }
}
