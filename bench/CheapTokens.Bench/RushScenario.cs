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

    /// <summary>The slowest pool-served orders as buyers saw them (each node's own timings are in <see cref="Nodes"/>).</summary>
    public IReadOnlyList<SlowHandOut> SlowestFromPool { get; init; } = [];

    /// <summary>"sqlite" or "postgres", with " + Redis" when the nodes use the backplane.</summary>
    public string Store { get; init; } = "sqlite";

    /// <summary>Wall seconds from the first buyer to the last order settled: the window the nodes' CPU is taken over.</summary>
    public double WindowSeconds { get; init; }

    public IReadOnlyList<RushNode> Nodes { get; init; } = [];

    /// <summary>Order-change notices seen on Redis: sent (on a node's clock) → received by the bench's subscriber.</summary>
    public Distribution? OrderNoticeDelayMs { get; init; }
}

/// <summary>
/// One node's share of the rush: what it served and how long its keys took by its own instruments (its Prometheus
/// scrape before and after the rush: payments taken, orders fulfilled, time in the provisioning line, payment → key,
/// price-tick lag, Venice calls and 429s; null where the node has no scrape), its CPU and memory over the window, and
/// its price ticks as a hub client connected straight to it received them (tick instant → arrival; through Redis when
/// the backplane is on).
/// </summary>
public sealed record RushNode(
    string Url,
    int? OrdersPaid,
    int? OrdersFulfilled,
    BucketedMs? QueueWaitMs,
    BucketedMs? TimeToKeyMs,
    BucketedMs? TickLagMs,
    int? VeniceCalls,
    int? VeniceThrottled,
    double CpuPercent,
    double CpuMsPerOrder,
    double RssMb,
    double PeakRssMb,
    int Ticks,
    Distribution? TickDelayMs);

/// <summary>One pool-served order as its buyer saw it: the order request, then the wait for its key (polling included).</summary>
/// <param name="Sequence">1 = the first order of the rush to get a pool key.</param>
public sealed record SlowHandOut(
    int Sequence,
    double OrderToKeyMs,
    double OrderPostMs,
    string SentAtStoreUtc);

/// <summary>
/// The midnight rush: buyers arrive evenly over the window, each quoting, paying and then polling its order until the
/// key is there (or it is refunded). The store runs its simulated Venice with Venice's limits and its key pool on.
/// </summary>
public static class RushScenario
{
    private sealed record Buyer(int Index, double OrderSentMs, double OrderPostMs, string Token, DateTimeOffset SentStore);

    public static async Task<RushResult> RunAsync(RushCluster app, BenchOptions o, string adminKey, CancellationToken ct)
    {
        // Cookies by hand: each buyer keeps its own affinity cookie from the front, as its browser would.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseCookies = false })
        {
            BaseAddress = app.BaseUrl, Timeout = TimeSpan.FromSeconds(60),
        };
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
        var offsetMs = app.ClockOffsetSeconds * 1000;
        await using var ticks = await TickWatch.StartAsync(app.Nodes.Select(n => n.BaseUrl).ToList(), offsetMs, ct);
        await using var notices = app.Redis is { } redis ? await NoticeWatch.StartAsync(redis.Configuration, redis.ChannelPrefix, offsetMs) : null;
        var window = new Clock();
        var metricsAtStart = await Task.WhenAll(app.Nodes.Select(n => StoreMetrics.TryReadAsync(n.BaseUrl, ct)));
        var cpuAtStart = app.Nodes.Select(n => ProcSample.Take(n.Pid, window)).ToList();

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
            var affinity = quote.Headers.TryGetValues("Set-Cookie", out var cookies)
                ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith(Tests.Support.StickyFront.AffinityCookie + "=", StringComparison.Ordinal))
                : null;
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
            if (affinity is not null) request.Headers.Add("Cookie", affinity);
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
                using var poll = new HttpRequestMessage(HttpMethod.Get, $"api/orders/{token}");
                if (affinity is not null) poll.Headers.Add("Cookie", affinity);
                using var polled = await http.SendAsync(poll, ct);
                polled.EnsureSuccessStatusCode();
                var current = await polled.Content.ReadFromJsonAsync<JsonElement>(ct);
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
        var cpuAtEnd = app.Nodes.Select(n => ProcSample.Take(n.Pid, window)).ToList();
        var metricsAtEnd = await Task.WhenAll(app.Nodes.Select(n => StoreMetrics.TryReadAsync(n.BaseUrl, ct)));
        var windowSeconds = window.ElapsedMs / 1000;
        var tickDelays = ticks.Stop();
        var noticeDelays = notices?.Stop();

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
            SlowestFromPool = SlowestHandOuts(poolServed),
            Store = app.Database + (app.Redis is null ? "" : " + Redis"),
            WindowSeconds = Math.Round(windowSeconds, 1),
            OrderNoticeDelayMs = noticeDelays,
            Nodes = app.Nodes.Select((n, i) => NodeOf(n, metricsAtStart[i], metricsAtEnd[i], cpuAtStart[i], cpuAtEnd[i], tickDelays[i])).ToList(),
        };
    }

    /// <summary>A node's figures: its own instruments' change over the rush (where it has a scrape), its CPU and memory, its ticks.</summary>
    private static RushNode NodeOf(AppUnderTest node, StoreMetrics? before, StoreMetrics? after, ProcSample cpuAtStart, ProcSample cpuAtEnd, List<double> tickDelays)
    {
        int? Delta(string counter) => before is null || after is null ? null : (int)Math.Round(after.Sum(counter) - before.Sum(counter));
        BucketedMs? Timing(string histogram) => before is null || after is null ? null : after.Histogram(histogram).Since(before.Histogram(histogram)).ToMilliseconds();
        var paid = Delta("cheaptokens_orders_paid_total");
        return new RushNode(
            node.BaseUrl.ToString(), paid, Delta("cheaptokens_orders_fulfilled_total"),
            Timing("cheaptokens_provisioning_queue_wait_seconds"), Timing("cheaptokens_provisioning_time_to_key_seconds"),
            Timing("cheaptokens_price_tick_lag_seconds"),
            Delta("cheaptokens_venice_calls_total"), Delta("cheaptokens_venice_throttled_total"),
            Math.Round(ProcSample.CpuPercent(cpuAtStart, cpuAtEnd), 1),
            Math.Round((cpuAtEnd.CpuMs - cpuAtStart.CpuMs) / Math.Max(1, paid ?? 0), 1),
            Math.Round(cpuAtEnd.RssKb / 1024.0, 0), Math.Round(cpuAtEnd.PeakKb / 1024.0, 0),
            tickDelays.Count, Distribution.Of(tickDelays));
    }

    /// <summary>The five slowest pool-served orders as their buyers saw them.</summary>
    private static List<SlowHandOut> SlowestHandOuts(List<(Buyer Buyer, double Ms, string KeyId)> served)
    {
        var sequence = served.OrderBy(s => s.Buyer.Index).Select((s, n) => (s.KeyId, n + 1)).ToDictionary(x => x.KeyId, x => x.Item2);
        return served.OrderByDescending(s => s.Ms).Take(5).Select(s => new SlowHandOut(
            sequence[s.KeyId], Math.Round(s.Ms, 1), Math.Round(s.Buyer.OrderPostMs, 1),
            s.Buyer.SentStore.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture))).ToList();
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
