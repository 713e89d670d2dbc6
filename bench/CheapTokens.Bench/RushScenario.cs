using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CheapTokens.Bench;

/// <summary>What one rush measured. Times of day are the store's UTC clock.</summary>
public sealed record RushResult(
    string Scenario,
    string App,
    string? Commit,
    int Buyers,
    int Seconds,
    string RushStartStoreUtc,
    int OrdersLeftAtStart,
    int Placed,
    int RefusedForCapacityAtQuote,
    int RefusedForCapacityAtOrder,
    int OtherRefusals,
    int Fulfilled,
    int FromPool,
    int Refunded,
    int StillWaiting,
    Distribution? OrderToKeyMs,
    Distribution? OrderToKeyFromPoolMs,
    Distribution? OrderToKeyMintedMs,
    string? LatestKeyStoreUtc,
    int KeysSeenAfterMidnight,
    int WaitsOverOneMinute,
    string LoadAverage)
{
    /// <summary>POST /api/orders alone (sent → 201), for every placed order.</summary>
    public Distribution? OrderPostMs { get; init; }

    /// <summary>The slowest pool hand-outs, each with where its time went.</summary>
    public IReadOnlyList<SlowHandOut> SlowestFromPool { get; init; } = [];
}

/// <summary>
/// One pool-served order, its time split: the order request, then (from the store's log) time in the provisioning line,
/// the worker's time and the hand-out's steps; the rest is the bench's polling.
/// </summary>
/// <param name="Sequence">1 = the first order of the rush to get a pool key.</param>
public sealed record SlowHandOut(
    int Sequence,
    double OrderToKeyMs,
    double OrderPostMs,
    double? QueuedMs,
    double? WorkedMs,
    double? HandOutMs,
    double? ClaimMs,
    double? ChangeMs,
    double? RecordMs,
    string SentAtStoreUtc);

/// <summary>
/// The midnight rush: buyers arrive evenly over the window, each quoting, paying and then polling its order until the
/// key is there (or it is refunded). The store runs its simulated Venice with Venice's limits and its key pool on.
/// </summary>
public static class RushScenario
{
    private sealed record Buyer(int Index, double OrderSentMs, double OrderPostMs, string Token, DateTimeOffset SentStore);

    public static async Task<RushResult> RunAsync(AppUnderTest app, BenchOptions o, string adminKey, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = app.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var clock = new Clock();

        // The store's clock runs ahead of this machine's by a fixed offset: learn it from its own board.
        var first = await http.GetFromJsonAsync<JsonElement>("api/prices", ct);
        var offset = first.GetProperty("asOf").GetDateTimeOffset() - Clock.UtcNow();
        DateTimeOffset StoreNow() => Clock.UtcNow() + offset;
        var storeToday = DateOnly.FromDateTime(StoreNow().UtcDateTime);
        var rushStart = new DateTimeOffset(storeToday.ToDateTime(o.RushAt), TimeSpan.Zero);
        var midnight = new DateTimeOffset(storeToday.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var untilRush = rushStart - StoreNow();
        if (untilRush > TimeSpan.Zero)
        {
            Console.Error.WriteLine($"  store clock {StoreNow():HH:mm:ss}; the key pool fills until {o.RushAt:HH:mm} ({untilRush.TotalSeconds:0} s) ...");
            await Task.Delay(untilRush, ct);
        }
        var ordersLeftAtStart = (await http.GetFromJsonAsync<JsonElement>("api/prices", ct)).TryGetProperty("ordersLeftToday", out var left) && left.ValueKind == JsonValueKind.Number
            ? left.GetInt32() : -1;
        Console.Error.WriteLine($"  rush: {o.Buyers} buyers over {o.Seconds} s from {StoreNow():HH:mm:ss} (orders left today {ordersLeftAtStart})");

        var refusedAtQuote = 0;
        var refusedAtOrder = 0;
        var otherRefusals = 0;
        var placed = new ConcurrentBag<Buyer>();
        var outcomes = new ConcurrentDictionary<string, (string Status, double SeenMs, DateTimeOffset SeenStore, JsonElement Order)>();
        var waitsOverMinute = 0;
        var random = new Random(20261130);
        var credits = Enumerable.Range(0, o.Buyers).Select(_ => random.Next(1, 21)).ToArray();
        var spacingMs = o.Seconds * 1000.0 / o.Buyers;
        var rushClock = new Clock();

        async Task BuyAsync(int i)
        {
            var due = i * spacingMs - rushClock.ElapsedMs;
            if (due > 0) await Task.Delay(TimeSpan.FromMilliseconds(due), ct);
            using var quote = await http.PostAsJsonAsync("api/quotes", new { credits = credits[i] }, ct);
            if (quote.StatusCode != HttpStatusCode.Created)
            {
                if (await CodeOf(quote, ct) == "key_capacity") Interlocked.Increment(ref refusedAtQuote);
                else Interlocked.Increment(ref otherRefusals);
                return;
            }
            var quoteId = (await quote.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/orders")
            {
                Content = JsonContent.Create(new { quoteId, email = $"buyer{i}@example.com", paymentMethod = "sandbox_ok" }),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            var sent = clock.ElapsedMs;
            var sentStore = StoreNow();
            using var order = await http.SendAsync(request, ct);
            var postMs = clock.ElapsedMs - sent;
            if (order.StatusCode != HttpStatusCode.Created)
            {
                if (await CodeOf(order, ct) == "key_capacity") Interlocked.Increment(ref refusedAtOrder);
                else Interlocked.Increment(ref otherRefusals);
                return;
            }
            var token = (await order.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString()!;
            placed.Add(new Buyer(i, sent, postMs, token, sentStore));

            var toldAfterMinute = false;
            while (!ct.IsCancellationRequested && StoreNow() < midnight.AddSeconds(60))
            {
                var waited = clock.ElapsedMs - sent;
                // Fine-grained at first (the pool answers in milliseconds), then gently, as a page would.
                await Task.Delay(waited < 3000 ? 15 : waited < 30_000 ? 500 : 5000, ct);
                var current = await http.GetFromJsonAsync<JsonElement>($"api/orders/{token}", ct);
                var status = current.GetProperty("status").GetString()!;
                if (status is "fulfilled" or "refunded" or "failed" or "declined")
                {
                    outcomes[token] = (status, clock.ElapsedMs, StoreNow(), current);
                    return;
                }
                if (!toldAfterMinute && clock.ElapsedMs - sent > 60_000)
                {
                    toldAfterMinute = true;
                    Interlocked.Increment(ref waitsOverMinute);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, o.Buyers).Select(i => Task.Run(() => BuyAsync(i), ct)));
        var load = ProcStats.LoadAverage();

        // Which orders got a pool key: its key was created on Venice before the order was.
        var createdAt = await KeyCreationTimesAsync(http, adminKey, ct);
        var all = new List<double>();
        var pool = new List<double>();
        var minted = new List<double>();
        DateTimeOffset? latest = null;
        var afterMidnight = 0;
        var fulfilled = 0;
        var refunded = 0;
        var poolServed = new List<(Buyer Buyer, double Ms, string KeyId)>();
        foreach (var buyer in placed)
        {
            if (!outcomes.TryGetValue(buyer.Token, out var outcome)) continue;
            if (outcome.Status != "fulfilled")
            {
                if (outcome.Status == "refunded") refunded++;
                continue;
            }
            fulfilled++;
            var ms = outcome.SeenMs - buyer.OrderSentMs;
            all.Add(ms);
            var keyId = outcome.Order.GetProperty("veniceKeyId").GetString()!;
            var orderCreated = outcome.Order.GetProperty("createdAt").GetDateTimeOffset();
            var fromPool = createdAt.TryGetValue(keyId, out var keyCreated) && keyCreated < orderCreated;
            (fromPool ? pool : minted).Add(ms);
            if (fromPool) poolServed.Add((buyer, ms, keyId));
            if (outcome.SeenStore >= midnight) afterMidnight++;
            else if (latest is null || outcome.SeenStore > latest) latest = outcome.SeenStore;
        }

        return new RushResult(
            "rush", app.Label, app.Commit, o.Buyers, o.Seconds, rushStart.ToString("O", CultureInfo.InvariantCulture), ordersLeftAtStart,
            placed.Count, refusedAtQuote, refusedAtOrder, otherRefusals, fulfilled, pool.Count, refunded, placed.Count - outcomes.Count,
            Distribution.Of(all), Distribution.Of(pool), Distribution.Of(minted),
            latest?.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture), afterMidnight, waitsOverMinute, load)
        {
            OrderPostMs = Distribution.Of(placed.Select(b => b.OrderPostMs).ToList()),
            SlowestFromPool = SlowestHandOuts(poolServed, app.LogPath),
        };
    }

    /// <summary>The five slowest pool-served orders, with the store's own timings of each where its log has them.</summary>
    private static List<SlowHandOut> SlowestHandOuts(List<(Buyer Buyer, double Ms, string KeyId)> served, string? logPath)
    {
        var log = StoreLog.Read(logPath);
        var sequence = served.OrderBy(s => s.Buyer.Index).Select((s, n) => (s.KeyId, n + 1)).ToDictionary(x => x.KeyId, x => x.Item2);
        return served.OrderByDescending(s => s.Ms).Take(5).Select(s =>
        {
            log.HandOuts.TryGetValue(s.KeyId, out var h);
            var order = log.OrderOfKey.GetValueOrDefault(s.KeyId);
            var line = order is null ? default : log.Worker.GetValueOrDefault(order);
            return new SlowHandOut(sequence[s.KeyId], Math.Round(s.Ms, 1), Math.Round(s.Buyer.OrderPostMs, 1),
                order is null || !log.Worker.ContainsKey(order) ? null : line.QueuedMs, order is null || !log.Worker.ContainsKey(order) ? null : line.WorkedMs,
                h?.HandOutMs, h?.ClaimMs, h?.ChangeMs, h?.RecordMs,
                s.Buyer.SentStore.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture));
        }).ToList();
    }

    private static async Task<string?> CodeOf(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return body.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Every live key's creation time, from the simulated Venice's own list (the bench set its admin key).</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> KeyCreationTimesAsync(HttpClient http, string adminKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "venice-sim/api/v1/api_keys");
        request.Headers.Authorization = new("Bearer", adminKey);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        var list = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return list.GetProperty("data").EnumerateArray()
            .Where(k => k.TryGetProperty("createdAt", out var c) && c.ValueKind == JsonValueKind.String)
            .ToDictionary(k => k.GetProperty("id").GetString()!, k => k.GetProperty("createdAt").GetDateTimeOffset());
    }
}
