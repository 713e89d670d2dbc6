using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace CheapTokens.Bench.Circuits;

public sealed record CircuitsResult(
    string Scenario,
    string App,
    string? Commit,
    int Circuits,
    int Opened,
    int OpenFailures,
    int Dropped,
    string? FirstError,
    int RootComponentsPerPage,
    double OpenSeconds,
    double OpenCpuMsPerCircuit,
    int Ticks,
    double MaxTickGapMs,
    string MatchedOn,
    double Delivery,
    int Unmatched,
    Distribution? DelayMs,
    double BatchesPerCircuitTick,
    double BatchKbPerCircuitTick,
    double ComponentRendersPerCircuitTick,
    double WsMessagesPerCircuitSecond,
    double WsKbPerCircuitSecond,
    double WsSentPerCircuitSecond,
    double JsCallsPerCircuit,
    Dictionary<string, long> JsCalls,
    ServerCost Server,
    int DisconnectsAccepted,
    long RssKbAfterClose,
    double BenchCpuPercent,
    string LoadAverage,
    Distribution? ApiPricesMs,
    int ApiFailures,
    Distribution? ApiQuotesMs,
    int ApiQuoteFailures,
    int VisitorsPerMinute,
    int Visits,
    int VisitFailures,
    Distribution? VisitMs)
{
    /// <summary>
    /// Price tick lag by the store's own instrument over the measuring window (tick computed → last live page handed it;
    /// histogram buckets), read from its scrape endpoint; null when it has none (telemetry off, or an older build).
    /// </summary>
    public BucketedMs? StoreTickLagMs { get; init; }
}

/// <summary>
/// N live pages of "/" held by <see cref="CircuitClient"/>s (the Blazor protocol, no browser). One reference hub
/// subscriber records every tick (asOf, price, seconds to midnight). Each render batch is stamped on arrival and its
/// frames read: a batch carrying the countdown (its data-seconds, or a text "hh:mm:ss"; on a page without one, a
/// 6-decimal price) is matched to the tick that shows that value, as the pages scenario matches a DOM change;
/// delay = arrival − asOf.
/// </summary>
public static class CircuitsScenario
{
    public static async Task<CircuitsResult> RunAsync(AppUnderTest app, BenchOptions o, CancellationToken ct)
    {
        var clock = new Clock();
        var ticks = new ConcurrentDictionary<long, PagesScenario.Tick>();
        await using var reference = HubScenario.Connect(app.BaseUrl);
        reference.On<SnapshotMessage>(HubScenario.Method, m => ticks.TryAdd(m.AsOf.UtcTicks, new PagesScenario.Tick(
            m.AsOf.UtcTicks, Clock.ToUnixMs(m.AsOf), m.UnitPrice.ToString("0.000000", CultureInfo.InvariantCulture), m.SecondsToMidnight)));
        await reference.StartAsync(ct);

        // One HTTP client for every page load and disconnect beacon; cookies are kept per page by each client.
        using var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            MaxConnectionsPerServer = Math.Max(4, o.ConnectConcurrency),
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var answers = new JsInteropAnswers();

        Console.Error.WriteLine($"  idle baseline {o.Idle} s ...");
        var idle0 = ProcSample.Take(app.Pid, clock);
        await Task.Delay(TimeSpan.FromSeconds(o.Idle), ct);
        var idle1 = ProcSample.Take(app.Pid, clock);

        Console.Error.WriteLine($"  opening {o.Circuits} circuits, {o.ConnectConcurrency} at a time ...");
        var clients = new CircuitClient?[o.Circuits];
        int failures = 0, opened = 0;
        string? firstError = null;
        var c0 = ProcSample.Take(app.Pid, clock);
        await Parallel.ForEachAsync(Enumerable.Range(0, o.Circuits), new ParallelOptions { MaxDegreeOfParallelism = o.ConnectConcurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var client = new CircuitClient(app.BaseUrl, http, answers);
                try
                {
                    await client.OpenAsync(TimeSpan.FromSeconds(60), token);
                    clients[i] = client;
                    var done = Interlocked.Increment(ref opened);
                    if (done % 500 == 0) Console.Error.WriteLine($"    {done} open");
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstError, client.Error ?? e.Message, null);
                    await client.DisposeAsync();
                }
            });
        var c1 = ProcSample.Take(app.Pid, clock);
        if (firstError is not null) Console.Error.WriteLine($"  {failures} circuits failed to open, first: {firstError}");
        var live = clients.Where(c => c is not null).Select(c => c!).ToList();

        Console.Error.WriteLine($"  warm-up {o.Warmup} s, then measuring {o.Seconds} s ...");
        await Task.Delay(TimeSpan.FromSeconds(o.Warmup), ct);
        var clientCpu0 = ProcStats.ClientCpuMs(app.Pid);
        var counters0 = live.Select(c => (c.ReceivedMessages, c.ReceivedBytes, c.SentMessages)).ToList();
        // Scraped outside the CPU window, so the scrape's own cost is not counted as the pages'.
        var metrics0 = await StoreMetrics.TryReadAsync(app.BaseUrl, ct);
        var s0 = ProcSample.Take(app.Pid, clock);
        var fromMs = Clock.UnixMs();
        await using var probe = ApiProbe.Start(app.BaseUrl, o.ApiProbeMs, checkout: true);
        var visitors = Visitors.Start(app.BaseUrl, http, answers, o.VisitorsPerMinute);
        await Task.Delay(TimeSpan.FromSeconds(o.Seconds), ct);
        var (apiLatency, apiFailures) = await probe.StopAsync();
        var (quoteLatency, quoteFailures) = probe.Quotes;
        var (visits, visitFailures, visitLatency) = await visitors.StopAsync();
        var toMs = Clock.UnixMs();
        var s1 = ProcSample.Take(app.Pid, clock);
        var metrics1 = await StoreMetrics.TryReadAsync(app.BaseUrl, ct);
        var loadAverage = ProcStats.LoadAverage();
        var counters1 = live.Select(c => (c.ReceivedMessages, c.ReceivedBytes, c.SentMessages)).ToList();
        var benchCpu = (ProcStats.ClientCpuMs(app.Pid) - clientCpu0) * 100 / (s1.WallMs - s0.WallMs);
        if (o.Grace > 0) await Task.Delay(TimeSpan.FromSeconds(o.Grace), ct);

        // Ticks of the window, from the reference subscriber.
        var all = ticks.Values.OrderBy(t => t.AsOfTicks).ToList();
        var window = all.Where(t => t.AsOfMs >= fromMs && t.AsOfMs < toMs).ToList();
        var windowSet = window.Select(t => t.AsOfTicks).ToHashSet();
        var shown = window.ToDictionary(t => t.AsOfTicks, _ => 0);
        var delays = new List<double>();
        long batches = 0, bytes = 0, diffs = 0;
        var unmatched = 0;
        var records = live.Select(c => c.Batches).ToList();
        // Match on the countdown when the page shows one (it changes every tick), else on the price.
        var onCountdown = records.Any(r => r.Any(b => b.Countdown is not null));
        foreach (var mine in records)
        {
            var lastMatched = long.MinValue;
            var seen = new HashSet<long>();
            foreach (var b in mine)
            {
                var inWindow = b.AtUnixMs >= fromMs && b.AtUnixMs < toMs;
                if (inWindow) { batches++; bytes += b.Bytes; diffs += b.Diffs; }
                var text = onCountdown ? b.Countdown : b.Price;
                if (text is null) continue;
                var tick = PagesScenario.Match(all, text, b.AtUnixMs, lastMatched);
                if (tick is null)
                {
                    if (inWindow) unmatched++;
                    continue;
                }
                lastMatched = tick.AsOfTicks;
                if (!windowSet.Contains(tick.AsOfTicks) || !seen.Add(tick.AsOfTicks)) continue;
                shown[tick.AsOfTicks]++;
                delays.Add(b.AtUnixMs - tick.AsOfMs);
            }
        }

        var dropped = live.Count(c => c.Dropped);
        firstError ??= live.Select(c => c.Error).FirstOrDefault(e => e is not null);
        var jsCalls = live.Sum(c => c.JsCalls);
        var rootComponents = live.Select(c => c.RootComponents).DefaultIfEmpty(0).Max();

        Console.Error.WriteLine("  closing circuits (each sends the page-hide disconnect) ...");
        await Parallel.ForEachAsync(live, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (c, _) => await c.DisposeAsync());
        // Memory the server still holds once every page is gone (disposal is asynchronous: give it a moment).
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(3, o.Grace)), ct);
        var afterClose = ProcStats.Memory(app.Pid).RssKb;
        var disconnected = live.Count(c => c.DisconnectStatus == 200);

        var n = live.Count;
        var seconds = (toMs - fromMs) / 1000;
        var pairs = (double)Math.Max(1, n) * Math.Max(1, window.Count);
        var received = counters1.Zip(counters0, (a, b) => a.ReceivedMessages - b.ReceivedMessages).Sum();
        var receivedBytes = counters1.Zip(counters0, (a, b) => a.ReceivedBytes - b.ReceivedBytes).Sum();
        var sent = counters1.Zip(counters0, (a, b) => a.SentMessages - b.SentMessages).Sum();
        var gaps = window.Zip(window.Skip(1), (a, b) => b.AsOfMs - a.AsOfMs).DefaultIfEmpty(0).Max();
        var expected = (long)window.Count * n;
        return new CircuitsResult(
            "circuits", app.Label, app.Commit, o.Circuits, n, failures, dropped, firstError, rootComponents,
            Math.Round((c1.WallMs - c0.WallMs) / 1000, 1),
            Math.Round((c1.CpuMs - c0.CpuMs) / Math.Max(1, n), 2),
            window.Count, Math.Round(gaps, 0), onCountdown ? "countdown" : "price",
            expected == 0 ? 0 : Math.Round(shown.Values.Sum() / (double)expected, 5),
            unmatched,
            Distribution.Of(delays),
            Math.Round(batches / pairs, 2),
            Math.Round(bytes / 1024.0 / pairs, 2),
            Math.Round(diffs / pairs, 2),
            n == 0 ? 0 : Math.Round(received / (double)n / seconds, 2),
            n == 0 ? 0 : Math.Round(receivedBytes / 1024.0 / n / seconds, 2),
            n == 0 ? 0 : Math.Round(sent / (double)n / seconds, 2),
            n == 0 ? 0 : Math.Round(jsCalls / (double)n, 1),
            answers.Calls.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value),
            ServerCost.From(idle0, idle1, s0, s1, n, window.Count),
            disconnected,
            afterClose,
            Math.Round(benchCpu, 1),
            loadAverage,
            apiLatency,
            apiFailures,
            quoteLatency,
            quoteFailures,
            o.VisitorsPerMinute,
            visits,
            visitFailures,
            visitLatency)
        {
            StoreTickLagMs = metrics0 is null || metrics1 is null ? null
                : metrics1.Histogram(TickLag).Since(metrics0.Histogram(TickLag)).ToMilliseconds(),
        };
    }

    private const string TickLag = "cheaptokens_price_tick_lag_seconds";
}

/// <summary>
/// New visitors arriving while the live pages are held: each loads <c>/</c>, opens its circuit (timed to its first
/// render batch, what a visitor waits for before the page is live) and leaves 10 s later, as a glance at the price would.
/// </summary>
public sealed class Visitors
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<double> _latencies = [];
    private readonly List<Task> _visits = [];
    private readonly Task _loop;
    private int _failures;

    private Visitors(Uri baseUrl, HttpClient http, JsInteropAnswers answers, int perMinute)
    {
        _loop = perMinute > 0 ? RunAsync(baseUrl, http, answers, perMinute) : Task.CompletedTask;
    }

    public static Visitors Start(Uri baseUrl, HttpClient http, JsInteropAnswers answers, int perMinute) => new(baseUrl, http, answers, perMinute);

    private async Task RunAsync(Uri baseUrl, HttpClient http, JsInteropAnswers answers, int perMinute)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1) / perMinute);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                lock (_visits) _visits.Add(VisitAsync(baseUrl, http, answers));
        }
        catch (OperationCanceledException) { }
    }

    private async Task VisitAsync(Uri baseUrl, HttpClient http, JsInteropAnswers answers)
    {
        var client = new CircuitClient(baseUrl, http, answers);
        try
        {
            var clock = new Clock();
            await client.OpenAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
            lock (_latencies) _latencies.Add(clock.ElapsedMs);
            await Task.Delay(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _failures);
        }
        finally
        {
            await client.DisposeAsync();
        }
    }

    /// <summary>Stops new arrivals, waits for the visitors still on the page to leave; returns the visits made.</summary>
    public async Task<(int Visits, int Failures, Distribution? OpenMs)> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Task[] visits;
        lock (_visits) visits = [.. _visits];
        await Task.WhenAll(visits);
        lock (_latencies) return (visits.Length, _failures, Distribution.Of(_latencies));
    }
}
