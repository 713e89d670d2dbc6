using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Payments.X402;
using CheapTokens.Core.Payments.X402;
using CheapTokens.StandIns.Stripe;
using CheapTokens.Tests.Payments.X402;
using Microsoft.Data.Sqlite;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Payments;

/// <summary>
/// The built app as its own process, killed with SIGKILL at random instants while buyers place orders in parallel,
/// then restarted: afterwards the database and the processor's own table must agree that every charge ended with a
/// key or a refund, nothing holds supply twice, no order has two live keys, every order is final, and every buyer who
/// was cut off gets the order back by retrying with the same key and body. CRASH_TEST_KILLS sets the number of kills
/// (default 5; scripts/crash-test.sh N runs it with N).
/// </summary>
public sealed class PaymentCrashTests(ITestOutputHelper output)
{
    private const int DefaultKills = 5;
    private const int Buyers = 6;

    private static readonly string[] SandboxMethods =
        [SandboxPaymentProcessor.Ok, SandboxPaymentProcessor.Ok, SandboxPaymentProcessor.Ok, SandboxPaymentProcessor.Declined, SandboxPaymentProcessor.InsufficientFunds];

    private static readonly string[] StripeMethods =
        [StandInTestMethods.Visa, StandInTestMethods.Visa, StandInTestMethods.Visa, StandInTestMethods.ChargeDeclined, StandInTestMethods.ChargeDeclinedInsufficientFunds];

    /// <summary>Agents paying over x402 (USDC on the simulated network, settled by the app's own facilitator stand-in).</summary>
    private const string X402 = "X402";

    private static readonly X402Network DemoNetwork = X402Network.Simulated("base-sepolia", 84532, X402Options.DemoAssetAddress);

    private static readonly string[] FinalOrderStates = ["Fulfilled", "Declined", "Refunded"];

    /// <param name="processor">The sandbox (its calls slowed so kills land mid-call), or Stripe through Stripe.net and the
    /// app's own Stripe stand-in, which dies with the app and keeps its books in the same database; or x402, whose
    /// facilitator stand-in holds every settlement's answer a moment after recording it, so kills land between a
    /// settlement and the order hearing of it.</param>
    [Theory]
    [InlineData(PaymentsOptions.SandboxProcessor)]
    [InlineData(PaymentsOptions.StripeProcessor)]
    [InlineData(X402)]
    public async Task EveryChargeEndsWithAKeyOrARefundAcrossSigkills(string processor)
    {
        var methods = processor == PaymentsOptions.StripeProcessor ? StripeMethods : SandboxMethods;
        var kills = int.TryParse(Environment.GetEnvironmentVariable("CRASH_TEST_KILLS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : DefaultKills;
        var dataDirectory = Support.StoreHost.NewDataDirectory();
        var attempts = new ConcurrentBag<Attempt>();
        var random = new Random();
        try
        {
            for (var round = 0; round < kills; round++)
            {
                await using var app = await AppProcess.StartAsync(dataDirectory, CrashSettings(processor));
                using var stop = new CancellationTokenSource();
                var answered = attempts.Count(a => a.Status is not null);
                var buyers = Enumerable.Range(0, Buyers).Select(_ => Task.Run(() => processor == X402
                    ? PayUntilStoppedAsync(app.BaseAddress, attempts, stop.Token)
                    : BuyUntilStoppedAsync(app.BaseAddress, methods, attempts, stop.Token))).ToList();
                // Once orders flow (a cold start answers its first ones slowly), kill at a random instant among them.
                await WaitUntilAsync(() => attempts.Count(a => a.Status is not null) > answered, TimeSpan.FromSeconds(90), "the first order answer of a round");
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 1500)));
                var exitCode = app.Kill();
                // Process.Kill on Linux sends SIGKILL: the process dies with 128 + 9.
                if (OperatingSystem.IsLinux()) Assert.Equal(137, exitCode);
                await stop.CancelAsync();
                await Task.WhenAll(buyers);
            }

            await using var last = await AppProcess.StartAsync(dataDirectory, CrashSettings(processor));
            var cutOff = attempts.Where(a => a.Status is null).ToList();
            using var http = new HttpClient { BaseAddress = last.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var retried = await Task.WhenAll(cutOff.Select(a => processor == X402 ? RetryPaymentAsync(http, a) : RetryAsync(http, a)));
            await WaitUntilSettledAsync(last.DatabasePath);
            foreach (var token in retried.Where(r => r.Token is not null).Select(r => r.Token!))
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/orders/{token}")).StatusCode);
            last.Kill();

            var facts = await ReadFactsAsync(last.DatabasePath, processor);
            output.WriteLine($"processor: {processor}; kills: {kills}; order requests: {attempts.Count} ({attempts.Count(a => a.Status == 201)} paid, " +
                             $"{attempts.Count(a => a.Status == 402)} declined, {cutOff.Count} cut off)");
            output.WriteLine($"cut-off retries: {retried.Count(r => r.Status == 201)} got 201, {retried.Count(r => r.Status == 402)} got 402, " +
                             $"{retried.Count(r => r.Status is not (201 or 402))} other");
            output.WriteLine($"orders: {facts.Orders.Count} ({string.Join(", ", facts.Orders.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"))})");
            output.WriteLine($"processor: {facts.Charges.Count(c => c.Succeeded)} succeeded charges, {facts.Charges.Count(c => !c.Succeeded)} refused, " +
                             $"{facts.Refunds.Count} refunds; venice: {facts.LiveKeys.Count} live keys; supply sold {facts.Sold.Values.Sum()}");

            Assert.True(facts.Charges.Count(c => c.Succeeded) > 0, "No charge was made: the test tested nothing.");
            Assert.All(attempts.Where(a => a.Status is not null), a => Assert.True(a.Status is 201 or 402, $"an order request answered {a.Status}"));
            // A payment cut off after its nonce was reserved but before its order was written is refused when sent again
            // (402, authorization_used, nothing settled): that one has no order and no token.
            Assert.All(retried, r => Assert.True(r.Status is 201 or 402 && (r.Token is not null || processor == X402 && r.Status == 402),
                $"retry of {r.Key} answered {r.Status}"));
            Assert.All(facts.Orders, o => Assert.Contains(o.Status, FinalOrderStates));
            Assert.All(facts.Orders, o => Assert.False(o.NeedsAttention, $"order {o.Id} needs attention"));
            // Never a second charge: at most one charge per order, and one order per key.
            Assert.All(facts.Charges.GroupBy(c => c.OrderId), g => Assert.Single(g));
            Assert.Equal(facts.Orders.Count, facts.Orders.Select(o => o.IdempotencyKey).Distinct().Count());
            foreach (var charge in facts.Charges.Where(c => c.Succeeded))
            {
                var order = Assert.Single(facts.Orders, o => o.Id == charge.OrderId);
                var keyIssued = order.MintedKeys > 0;
                var refunded = facts.Refunds.Contains(charge.Id) && facts.LedgerRefunded.Contains(order.Id);
                Assert.True(keyIssued ^ refunded, $"charge {charge.Id} of order {order.Id} ({order.Status}): key {keyIssued}, refund {refunded}");
            }
            // Supply: what is sold each day is exactly what the orders holding supply hold.
            foreach (var (date, sold) in facts.Sold)
                Assert.Equal(facts.Orders.Where(o => o.HoldsSupply && o.SupplyDate == date).Sum(o => o.Credits), sold);
            Assert.All(facts.Orders.Where(o => o.Status is "Declined" or "Refunded"), o => Assert.False(o.HoldsSupply));
            Assert.All(facts.LiveKeys.GroupBy(k => k), g => Assert.Single(g));
        }
        finally
        {
            Support.StoreHost.DeleteDataDirectory(dataDirectory);
        }
    }

    private sealed class Attempt(string key, object body)
    {
        public string Key { get; } = key;

        public object Body { get; } = body;

        /// <summary>Null while unanswered (cut off by the kill).</summary>
        public int? Status { get; set; }
    }

    private sealed record Retried(string Key, int? Status, string? Token);

    private static async Task BuyUntilStoppedAsync(Uri baseAddress, string[] methods, ConcurrentBag<Attempt> attempts, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(20) };
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
                // The app went down before the quote came back: nothing to retry.
                if (stop.IsCancellationRequested) return;
                await Task.Delay(50, CancellationToken.None);
                continue;
            }

            var attempt = new Attempt(Guid.NewGuid().ToString("N"), new
            {
                quoteId,
                email = "crash@example.com",
                paymentMethod = methods[Random.Shared.Next(methods.Length)],
            });
            attempts.Add(attempt);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(attempt.Body) };
                request.Headers.Add("Idempotency-Key", attempt.Key);
                // Not cancelled by the round: only the kill cuts an order request off.
                attempt.Status = (int)(await http.SendAsync(request, CancellationToken.None)).StatusCode;
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    /// <summary>An agent's loop: the request, its 402, the same request paid by a fresh key; the X-PAYMENT header is the attempt's key.</summary>
    private static async Task PayUntilStoppedAsync(Uri baseAddress, ConcurrentBag<Attempt> attempts, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(20) };
        while (!stop.IsCancellationRequested)
        {
            var body = new { credits = Random.Shared.Next(1, 4) };
            string header;
            try
            {
                using var offer = await http.PostAsJsonAsync(X402Agent.Path, body, stop);
                Assert.Equal(HttpStatusCode.PaymentRequired, offer.StatusCode);
                var requirement = X402Agent.RequirementOf(await offer.Content.ReadAsStringAsync(stop));
                header = TestPayer.HeaderOf(new TestPayer().Pay(requirement, DemoNetwork, TimeProvider.System.GetUtcNow()));
            }
            catch (Exception)
            {
                if (stop.IsCancellationRequested) return;
                await Task.Delay(50, CancellationToken.None);
                continue;
            }

            var attempt = new Attempt(header, body);
            attempts.Add(attempt);
            try
            {
                attempt.Status = (int)(await PostPaymentAsync(http, attempt, CancellationToken.None)).StatusCode;
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    private static Task<HttpResponseMessage> PostPaymentAsync(HttpClient http, Attempt attempt, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, X402Agent.Path) { Content = JsonContent.Create(attempt.Body) };
        request.Headers.Add(X402Protocol.PaymentHeader, attempt.Key);
        return http.SendAsync(request, cancellationToken);
    }

    private static async Task<Retried> RetryPaymentAsync(HttpClient http, Attempt attempt)
    {
        using var response = await PostPaymentAsync(http, attempt, CancellationToken.None);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = json.TryGetProperty("token", out var t) ? t.GetString() : null;
        return new Retried(attempt.Key[..16], (int)response.StatusCode, token);
    }

    private static async Task<Retried> RetryAsync(HttpClient http, Attempt attempt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(attempt.Body) };
        request.Headers.Add("Idempotency-Key", attempt.Key);
        var response = await http.SendAsync(request);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = json.TryGetProperty("token", out var t) ? t.GetString() : null;
        return new Retried(attempt.Key, (int)response.StatusCode, token);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout) Assert.Fail($"Waited {timeout} for {what}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Polls the database (the app runs on the real clock) until every order and payment is final, with a deadline.</summary>
    private static async Task WaitUntilSettledAsync(string databasePath)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var db = Open(databasePath);
            var open = await ScalarAsync(db, "SELECT COUNT(*) FROM Orders WHERE Status NOT IN ('Fulfilled', 'Declined', 'Refunded')")
                       + await ScalarAsync(db, "SELECT COUNT(*) FROM PaymentLedger WHERE State IN ('Pending', 'AwaitingBuyer', 'RefundPending')");
            if (open == 0) return;
            if (deadline.Elapsed > TimeSpan.FromMinutes(3)) Assert.Fail($"{open} orders or payments still open after {deadline.Elapsed}.");
            await Task.Delay(250);
        }
    }

    private sealed record OrderFact(Guid Id, string IdempotencyKey, string Status, int Credits, string SupplyDate, bool HoldsSupply, bool NeedsAttention, int MintedKeys);

    private sealed record ChargeFact(string Id, Guid OrderId, bool Succeeded);

    private sealed record Facts(
        List<OrderFact> Orders, List<ChargeFact> Charges, HashSet<string> Refunds, HashSet<Guid> LedgerRefunded, List<string> LiveKeys, Dictionary<string, int> Sold);

    private static async Task<Facts> ReadFactsAsync(string databasePath, string processor)
    {
        await using var db = Open(databasePath);
        var orders = await ReadAsync(db,
            """
            SELECT o.Id, o.IdempotencyKey, o.Status, o.Credits, o.SupplyDate, o.HoldsSupply, o.NeedsAttention,
                   (SELECT COUNT(*) FROM OrderKeys k WHERE k.OrderId = o.Id AND k.Status = 'Minted')
            FROM Orders o
            """,
            r => new OrderFact(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetString(4), r.GetBoolean(5), r.GetBoolean(6), r.GetInt32(7)));
        // The processor's own books: the sandbox's tables, the Stripe stand-in's intents and refunds, or the facilitator
        // stand-in's settlements and refunds (a refund named by the store's refund key, as sent).
        var charges = processor == X402
            ? await ReadAsync(db, "SELECT s.\"Transaction\", a.OrderId, 1 FROM X402StandInSettlements s JOIN X402Authorizations a ON a.Nonce = s.Nonce",
                r => new ChargeFact(r.GetString(0), Guid.Parse(r.GetString(1)), r.GetBoolean(2)))
            : processor == PaymentsOptions.StripeProcessor
            ? await ReadAsync(db, "SELECT Id, OrderId, Status = 'succeeded' FROM StripeStandInPaymentIntents",
                r => new ChargeFact(r.GetString(0), Guid.Parse(r.GetString(1)), r.GetBoolean(2)))
            : await ReadAsync(db, "SELECT Id, OrderId, Succeeded FROM SandboxCharges", r => new ChargeFact(r.GetString(0), Guid.Parse(r.GetString(1)), r.GetBoolean(2)));
        var refunds = (await ReadAsync(db,
            processor switch
            {
                X402 => "SELECT p.ChargeId FROM X402StandInTransfers t JOIN PaymentLedger p ON p.RefundIdempotencyKey = t.IdempotencyKey WHERE t.Kind = 'refund'",
                PaymentsOptions.StripeProcessor => "SELECT PaymentIntentId FROM StripeStandInRefunds",
                _ => "SELECT ChargeId FROM SandboxRefunds",
            },
            r => r.GetString(0))).ToHashSet();
        var ledgerRefunded = (await ReadAsync(db, "SELECT OrderId FROM PaymentLedger WHERE State = 'Refunded'", r => Guid.Parse(r.GetString(0)))).ToHashSet();
        // The app ran on the real clock, so "live" is judged on it too, in the database's own timestamp format.
        var now = TimeProvider.System.GetUtcNow().UtcDateTime.ToString(Blazor.Data.UtcTimestampConverter.Format, CultureInfo.InvariantCulture);
        var liveKeys = await ReadAsync(db,
            $"SELECT Description FROM SimulatedVeniceKeys WHERE RevokedAt IS NULL AND (ExpiresAt IS NULL OR ExpiresAt > '{now}')", r => r.GetString(0));
        var sold = (await ReadAsync(db, "SELECT Date, Sold FROM DailySales", r => (r.GetString(0), r.GetInt32(1)))).ToDictionary(s => s.Item1, s => s.Item2);
        return new Facts(orders, charges, refunds, ledgerRefunded, liveKeys, sold);
    }

    private static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False;Default Timeout=30");
        connection.Open();
        return connection;
    }

    private static async Task<long> ScalarAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<T>> ReadAsync<T>(SqliteConnection db, string sql, Func<SqliteDataReader, T> read)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    /// <summary>
    /// The crash test's store on <paramref name="processor"/>: sandbox payments slow enough that kills land mid-call,
    /// nothing else in the way.
    /// </summary>
    private static Dictionary<string, string> CrashSettings(string processor) => new()
    {
        ["Payments__Processor"] = processor == X402 ? PaymentsOptions.SandboxProcessor : processor,
        // Every settlement is recorded, then answered a moment later: kills land between a settlement and its order.
        ["Payments__X402__StandIn__TimeOutFirstSettlements"] = processor == X402 ? "1000000" : "0",
        ["Payments__X402__StandIn__TimeoutSeconds"] = "0.2",
        ["Payments__X402__KeyWaitSeconds"] = "0",
        // Slow enough that kills land mid-call, on either side of the processor recording the charge.
        ["Payments__Sandbox__DelayMs"] = "200",
        ["Payments__ReconcileGraceSeconds"] = "3",
        ["Payments__ReconcileIntervalSeconds"] = "2",
        ["Checkout__QuoteHoldSeconds"] = "3600",
        ["Pricing__DailySupply"] = "1000000",
        ["RateLimits__Enabled"] = "false",
        ["Provisioning__KeyCreationsPerMinute"] = "1000",
        ["Provisioning__RetryDelaySeconds"] = "1",
        ["Venice__Simulator__RateLimitPerMinute"] = "100000",
    };
}
