using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CheapTokens.Bench.Circuits;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace CheapTokens.Bench;

public sealed record FirstVisit(
    int Visits,
    int Requests,
    long BrowserTransferBytes,
    long BrowserBodyBytes,
    long DecodedBytes,
    long BrotliBytes,
    double? FirstContentfulPaintMs,
    double? FirstContentfulPaintMaxMs,
    List<FirstVisitResource> Resources,
    double? FloorFcpMedianMs,
    double? FloorFcpMaxMs,
    bool Warm,
    long FewestTransferBytes);

/// <summary>
/// The same pages hidden (a background tab): what they cost the server once the store paused their circuits, and how
/// soon each showed a current price when it was shown again.
/// </summary>
public sealed record HiddenPages(
    int Pages,
    double PausedAfterSeconds,
    double Seconds,
    double CpuPercent,
    double IdleCpuPercent,
    double CpuMsPerPageTickNetOfIdle,
    double WsFramesPerPageSecond,
    long RssKb,
    int Returned,
    int ReturnedCurrent,
    Distribution? ReturnMs);

public sealed record FirstVisitResource(string Url, long BrowserBodyBytes, long DecodedBytes, long BrotliBytes, string? Encoding);

public sealed record PagesResult(
    string Scenario,
    string App,
    string? Commit,
    string Selector,
    int Pages,
    int Opened,
    int Ticks,
    double MaxTickGapMs,
    double Delivery,
    int Unmatched,
    Distribution? DelayMs,
    double UpdatesPerPageSecond,
    double UpdatesPerPageSecondMin,
    double WsFramesPerPageSecond,
    double WsKbPerPageSecond,
    double WsFramesSentPerPageSecond,
    double BatchesPerPageTick,
    double BatchKbPerPageTick,
    Dictionary<string, string> JsAnswers,
    List<string> Visibility,
    ServerCost Server,
    double BenchCpuPercent,
    FirstVisit? FirstVisit,
    List<string> PageErrors,
    string LoadAverage,
    Distribution? ApiPricesMs,
    int ApiFailures,
    HiddenPages? Hidden);

/// <summary>
/// N live pages of "/" in one headless Chromium (one context each). An init script watches the element
/// matched by the selector and records every change of its text with <c>performance.timeOrigin + performance.now()</c>
/// (Unix ms on this machine's clock). One reference hub subscriber records every tick (asOf, price, seconds to
/// midnight), so each change is matched to the tick whose value it shows; delay = change time minus that tick's asOf.
/// </summary>
public static partial class PagesScenario
{
    private const string Watcher = """
        (() => {
          const selector = __SELECTOR__;
          const changes = [];
          window.__benchChanges = changes;
          let last = null;
          // A countdown that shows "17 h 25 min" carries its seconds to midnight in data-seconds: read it as hh:mm:ss.
          const hms = (s) => `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
          const check = () => {
            const el = document.querySelector(selector);
            if (!el) return;
            const seconds = el.dataset ? el.dataset.seconds : undefined;
            const text = seconds !== undefined && /^\d+$/.test(seconds) ? hms(Number(seconds)) : (el.textContent || '').trim();
            if (text !== last) { last = text; changes.push([performance.timeOrigin + performance.now(), text]); }
          };
          const start = () => {
            new MutationObserver(check).observe(document.documentElement,
              { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-seconds'] });
            check();
          };
          if (document.documentElement) start();
          else new MutationObserver((_, o) => { if (document.documentElement) { o.disconnect(); start(); } })
            .observe(document, { childList: true });
        })();
        """;

    private const string Collect = "() => JSON.stringify({ changes: window.__benchChanges || [], visibility: document.visibilityState })";

    private const string VisitMetrics = """
        () => {
          const nav = performance.getEntriesByType('navigation')[0];
          const paint = performance.getEntriesByName('first-contentful-paint')[0];
          const all = [nav, ...performance.getEntriesByType('resource')].filter(e => e);
          return JSON.stringify({
            fcp: paint ? paint.startTime : null,
            resources: all.map(e => ({ url: e.name, transfer: e.transferSize, body: e.encodedBodySize, decoded: e.decodedBodySize }))
          });
        }
        """;

    // A blank page has no element to wait for: its paint entry, as soon as it exists (2 s at most).
    private const string PaintEntry = """
        () => new Promise(resolve => {
          const read = () => { const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null; };
          if (read() !== null) { resolve(read()); return; }
          const done = () => { observer.disconnect(); clearTimeout(timer); resolve(read()); };
          const observer = new PerformanceObserver(() => { if (read() !== null) done(); });
          observer.observe({ type: 'paint', buffered: true });
          const timer = setTimeout(done, 2000);
        })
        """;

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
        // Every page counts as a visible foreground page: no timer or renderer throttling of the other tabs.
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
    ];

    [GeneratedRegex(@"(\d+):(\d{2}):(\d{2})")]
    private static partial Regex Countdown();

    [GeneratedRegex(@"(\d+\.\d{6})")]
    private static partial Regex Price();

    internal sealed record Tick(long AsOfTicks, double AsOfMs, string Price, long Seconds);

    private sealed class PageProbe
    {
        public required IBrowserContext Context { get; init; }
        public required IPage Page { get; init; }
        public long WsFrames;
        public long WsBytes;
        public long WsSent;
        public long SentAtStart;
        public long SentAtEnd;
        public long FramesAtStart;
        public long BytesAtStart;
        public long FramesAtEnd;
        public long BytesAtEnd;
        public BlazorFrames Frames { get; } = new();
        public long BatchesAtStart;
        public long BatchBytesAtStart;
        public long BatchesAtEnd;
        public long BatchBytesAtEnd;
    }

    public static async Task<PagesResult> RunAsync(AppUnderTest app, BenchOptions o, CancellationToken ct)
    {
        if (!File.Exists(o.Chromium)) throw new InvalidOperationException($"no Chromium at {o.Chromium} (apt-get install -y chromium, or --chromium PATH)");
        var clock = new Clock();
        var errors = new ConcurrentQueue<string>();

        // Reference: every tick as the hub publishes it.
        var ticks = new ConcurrentDictionary<long, Tick>();
        await using var reference = HubScenario.Connect(app.BaseUrl);
        reference.On<SnapshotMessage>(HubScenario.Method, m => ticks.TryAdd(m.AsOf.UtcTicks, new Tick(
            m.AsOf.UtcTicks, Clock.ToUnixMs(m.AsOf), m.UnitPrice.ToString("0.000000", CultureInfo.InvariantCulture), m.SecondsToMidnight)));
        await reference.StartAsync(ct);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = o.Chromium,
            Headless = true,
            Args = ChromiumArgs,
        });

        Console.Error.WriteLine($"  idle baseline {o.Idle} s ...");
        var idle0 = ProcSample.Take(app.Pid, clock);
        await Task.Delay(TimeSpan.FromSeconds(o.Idle), ct);
        var idle1 = ProcSample.Take(app.Pid, clock);

        Console.Error.WriteLine($"  opening {o.Pages} live pages ...");
        var script = Watcher.Replace("__SELECTOR__", JsonSerializer.Serialize(o.Selector), StringComparison.Ordinal);
        var probes = new ConcurrentBag<PageProbe>();
        await Parallel.ForEachAsync(Enumerable.Range(0, o.Pages), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (i, _) =>
            {
                var context = await browser.NewContextAsync();
                await context.AddInitScriptAsync(script);
                var page = await context.NewPageAsync();
                var probe = new PageProbe { Context = context, Page = page };
                page.PageError += (_, e) => errors.Enqueue($"page {i}: {e}");
                page.WebSocket += (_, ws) =>
                {
                    if (!ws.Url.Contains("/_blazor", StringComparison.Ordinal)) return;
                    ws.FrameReceived += (_, f) =>
                    {
                        Interlocked.Increment(ref probe.WsFrames);
                        Interlocked.Add(ref probe.WsBytes, f.Binary?.Length ?? f.Text?.Length ?? 0);
                        probe.Frames.Received(f.Binary);
                    };
                    ws.FrameSent += (_, f) =>
                    {
                        Interlocked.Increment(ref probe.WsSent);
                        probe.Frames.Sent(f.Binary);
                    };
                };
                try
                {
                    await page.GotoAsync(app.BaseUrl.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
                    await page.WaitForSelectorAsync(o.Selector, new PageWaitForSelectorOptions { Timeout = 30_000 });
                    probes.Add(probe);
                }
                catch (PlaywrightException e)
                {
                    errors.Enqueue($"page {i}: {e.Message.Split('\n')[0]}");
                    await context.CloseAsync();
                }
            });

        Console.Error.WriteLine($"  warm-up {o.Warmup} s, then measuring {o.Seconds} s ...");
        await Task.Delay(TimeSpan.FromSeconds(o.Warmup), ct);
        var clientCpu0 = ProcStats.ClientCpuMs(app.Pid);
        foreach (var p in probes)
        {
            p.FramesAtStart = Interlocked.Read(ref p.WsFrames); p.SentAtStart = Interlocked.Read(ref p.WsSent); p.BytesAtStart = Interlocked.Read(ref p.WsBytes);
            p.BatchesAtStart = Interlocked.Read(ref p.Frames.RenderBatches); p.BatchBytesAtStart = Interlocked.Read(ref p.Frames.RenderBatchBytes);
        }
        var s0 = ProcSample.Take(app.Pid, clock);
        var fromMs = Clock.UnixMs();
        await using var probe = ApiProbe.Start(app.BaseUrl, o.ApiProbeMs);
        await Task.Delay(TimeSpan.FromSeconds(o.Seconds), ct);
        var (apiLatency, apiFailures) = await probe.StopAsync();
        var toMs = Clock.UnixMs();
        var s1 = ProcSample.Take(app.Pid, clock);
        var loadAverage = ProcStats.LoadAverage();
        foreach (var p in probes)
        {
            p.FramesAtEnd = Interlocked.Read(ref p.WsFrames); p.SentAtEnd = Interlocked.Read(ref p.WsSent); p.BytesAtEnd = Interlocked.Read(ref p.WsBytes);
            p.BatchesAtEnd = Interlocked.Read(ref p.Frames.RenderBatches); p.BatchBytesAtEnd = Interlocked.Read(ref p.Frames.RenderBatchBytes);
        }
        var benchCpu = (ProcStats.ClientCpuMs(app.Pid) - clientCpu0) * 100 / (s1.WallMs - s0.WallMs);
        if (o.Grace > 0) await Task.Delay(TimeSpan.FromSeconds(o.Grace), ct);

        // Ticks of the window, from the reference subscriber.
        var all = ticks.Values.OrderBy(t => t.AsOfTicks).ToList();
        var window = all.Where(t => t.AsOfMs >= fromMs && t.AsOfMs < toMs).ToList();
        var windowSet = window.Select(t => t.AsOfTicks).ToHashSet();
        var shown = window.ToDictionary(t => t.AsOfTicks, _ => 0);
        var delays = new List<double>();
        var visibility = new List<string>();
        long updates = 0;
        var perPage = new List<long>();
        var unmatched = 0;

        foreach (var p in probes)
        {
            string json;
            try { json = await p.Page.EvaluateAsync<string>(Collect); }
            catch (PlaywrightException e) { errors.Enqueue(e.Message.Split('\n')[0]); continue; }
            using var doc = JsonDocument.Parse(json);
            visibility.Add(doc.RootElement.GetProperty("visibility").GetString() ?? "?");
            var lastMatched = long.MinValue;
            var mine = 0L;
            var seen = new HashSet<long>();
            foreach (var change in doc.RootElement.GetProperty("changes").EnumerateArray())
            {
                var at = change[0].GetDouble();
                var text = change[1].GetString() ?? "";
                if (at >= fromMs && at < toMs) { updates++; mine++; }
                var tick = Match(all, text, at, lastMatched);
                if (tick is null)
                {
                    if (at >= fromMs && at < toMs) unmatched++;
                    continue;
                }
                lastMatched = tick.AsOfTicks;
                if (!windowSet.Contains(tick.AsOfTicks) || !seen.Add(tick.AsOfTicks)) continue;
                shown[tick.AsOfTicks]++;
                delays.Add(at - tick.AsOfMs);
            }
            perPage.Add(mine);
        }

        var hidden = o.Hidden > 0 ? await MeasureHiddenAsync(probes, ticks, app, idle0, idle1, clock, o, ct) : null;

        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, _) =>
        {
            try { await p.Context.CloseAsync(); }
            catch (PlaywrightException) { }
        });

        // Last, so their circuits (kept a while by the server after the page goes) do not weigh on the live-page figures.
        FirstVisit? firstVisit = null;
        if (o.Visits > 0)
        {
            Console.Error.WriteLine($"  {o.Visits} cold first visit(s) of / ...");
            firstVisit = await MeasureFirstVisitsAsync(browser, app.BaseUrl, o, ct);
        }

        var opened = probes.Count;
        var seconds = (toMs - fromMs) / 1000;
        var frames = probes.Sum(p => p.FramesAtEnd - p.FramesAtStart);
        var bytes = probes.Sum(p => p.BytesAtEnd - p.BytesAtStart);
        var sent = probes.Sum(p => p.SentAtEnd - p.SentAtStart);
        var batches = probes.Sum(p => p.BatchesAtEnd - p.BatchesAtStart);
        var batchBytes = probes.Sum(p => p.BatchBytesAtEnd - p.BatchBytesAtStart);
        var pageTicks = (double)Math.Max(1, opened) * Math.Max(1, window.Count);
        var jsAnswers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in probes)
            foreach (var (identifier, answer) in p.Frames.Answers) jsAnswers.TryAdd(identifier, answer.Length > 200 ? answer[..200] + "…" : answer);
        var gaps = window.Zip(window.Skip(1), (a, b) => b.AsOfMs - a.AsOfMs).DefaultIfEmpty(0).Max();
        var expected = (long)window.Count * opened;
        return new PagesResult(
            "pages", app.Label, app.Commit, o.Selector, o.Pages, opened, window.Count, Math.Round(gaps, 0),
            expected == 0 ? 0 : Math.Round(shown.Values.Sum() / (double)expected, 5),
            unmatched,
            Distribution.Of(delays),
            opened == 0 ? 0 : Math.Round(updates / (double)opened / seconds, 2),
            perPage.Count == 0 ? 0 : Math.Round(perPage.Min() / seconds, 2),
            opened == 0 ? 0 : Math.Round(frames / (double)opened / seconds, 2),
            opened == 0 ? 0 : Math.Round(bytes / 1024.0 / opened / seconds, 2),
            opened == 0 ? 0 : Math.Round(sent / (double)opened / seconds, 2),
            Math.Round(batches / pageTicks, 2),
            Math.Round(batchBytes / 1024.0 / pageTicks, 2),
            new Dictionary<string, string>(jsAnswers, StringComparer.Ordinal),
            visibility.Distinct().ToList(),
            ServerCost.From(idle0, idle1, s0, s1, opened, window.Count),
            Math.Round(benchCpu, 1),
            firstVisit,
            errors.Take(20).ToList(),
            loadAverage,
            apiLatency,
            apiFailures,
            hidden);
    }

    // What a browser tab sets when it goes to the background (the store's browser tests hide pages the same way).
    private const string SetHidden = """
        hidden => {
          Object.defineProperty(document, "visibilityState", { configurable: true, get: () => hidden ? "hidden" : "visible" });
          Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
          document.dispatchEvent(new Event("visibilitychange"));
        }
        """;

    /// <summary>
    /// Hides every page, waits until the store has paused them all (no render batch for 3 s in a row), measures the
    /// server for <c>--hidden</c> seconds, then shows each page again and times how soon it shows a tick published
    /// after it came back.
    /// </summary>
    private static async Task<HiddenPages> MeasureHiddenAsync(ConcurrentBag<PageProbe> probes, ConcurrentDictionary<long, Tick> ticks,
        AppUnderTest app, ProcSample idle0, ProcSample idle1, Clock clock, BenchOptions o, CancellationToken ct)
    {
        Console.Error.WriteLine($"  hiding the {probes.Count} pages ...");
        var hiddenAt = Clock.UnixMs();
        foreach (var p in probes) await p.Page.EvaluateAsync(SetHidden, true);
        // Paused: no page has had a render batch for three seconds (ticks come every second while a page is live).
        var lastBatches = probes.Sum(p => Interlocked.Read(ref p.Frames.RenderBatches));
        var quietSince = Clock.UnixMs();
        while (Clock.UnixMs() - quietSince < 3000)
        {
            if (Clock.UnixMs() - hiddenAt > 120_000) throw new TimeoutException("hidden pages still received render batches after 2 minutes: not paused");
            await Task.Delay(250, ct);
            var now = probes.Sum(p => Interlocked.Read(ref p.Frames.RenderBatches));
            if (now != lastBatches) { lastBatches = now; quietSince = Clock.UnixMs(); }
        }
        var pausedAfter = (quietSince - hiddenAt) / 1000;

        var frames0 = probes.Sum(p => Interlocked.Read(ref p.WsFrames));
        var h0 = ProcSample.Take(app.Pid, clock);
        await Task.Delay(TimeSpan.FromSeconds(o.Hidden), ct);
        var h1 = ProcSample.Take(app.Pid, clock);
        var frames1 = probes.Sum(p => Interlocked.Read(ref p.WsFrames));
        var seconds = (h1.WallMs - h0.WallMs) / 1000;
        var hiddenTicks = (int)Math.Round(seconds * 1000 / TickIntervalMs(ticks));
        var cost = ServerCost.From(idle0, idle1, h0, h1, probes.Count, Math.Max(1, hiddenTicks));

        Console.Error.WriteLine("  showing them again ...");
        var returns = new List<double>();
        var current = 0;
        foreach (var p in probes)
        {
            var shownAt = Clock.UnixMs();
            await p.Page.EvaluateAsync(SetHidden, false);
            // The first change of the watched element after the page came back, and whether it shows a tick published
            // since (not the price the page had when it was hidden).
            double? firstChange = null;
            while (firstChange is null && Clock.UnixMs() - shownAt < 30_000)
            {
                var json = await p.Page.EvaluateAsync<string>(Collect);
                using var doc = JsonDocument.Parse(json);
                foreach (var change in doc.RootElement.GetProperty("changes").EnumerateArray())
                {
                    var at = change[0].GetDouble();
                    if (at < shownAt) continue;
                    firstChange = at;
                    var all = ticks.Values.OrderBy(t => t.AsOfTicks).ToList();
                    if (Match(all, change[1].GetString() ?? "", at, long.MinValue) is { } tick && tick.AsOfMs >= hiddenAt) current++;
                    break;
                }
                if (firstChange is null) await Task.Delay(20, ct);
            }
            if (firstChange is { } changed) returns.Add(changed - shownAt);
        }
        return new HiddenPages(probes.Count, Math.Round(pausedAfter, 1), Math.Round(seconds, 1), cost.CpuPercent, cost.IdleCpuPercent,
            cost.CpuMsPerClientTickNetOfIdle, Math.Round((frames1 - frames0) / (double)Math.Max(1, probes.Count) / seconds, 3),
            h1.RssKb, returns.Count, current, Distribution.Of(returns));
    }

    private static double TickIntervalMs(ConcurrentDictionary<long, Tick> ticks)
    {
        var recent = ticks.Values.OrderByDescending(t => t.AsOfTicks).Take(11).Select(t => t.AsOfMs).ToList();
        // Too few ticks, or all at one instant: a second, the store's default interval.
        return recent.Count < 2 || recent[0] <= recent[^1] ? 1000 : (recent[0] - recent[^1]) / (recent.Count - 1);
    }

    /// <summary>
    /// The tick a displayed text belongs to: a countdown "hh:mm:ss" names its seconds to midnight, a price with
    /// six decimals its unit price; of the ticks that show the same text, the first one after the page's previous
    /// match is the one that changed it. Other texts fall back to the latest tick published before the change.
    /// </summary>
    internal static Tick? Match(List<Tick> ticks, string text, double at, long after)
    {
        const double skewMs = 5;
        Func<Tick, bool> same;
        var countdown = Countdown().Match(text);
        var price = Price().Match(text);
        if (countdown.Success)
        {
            var s = long.Parse(countdown.Groups[1].Value, CultureInfo.InvariantCulture) * 3600
                + long.Parse(countdown.Groups[2].Value, CultureInfo.InvariantCulture) * 60
                + long.Parse(countdown.Groups[3].Value, CultureInfo.InvariantCulture);
            same = t => t.Seconds == s;
        }
        else if (price.Success)
        {
            var value = price.Groups[1].Value;
            same = t => t.Price == value;
        }
        else
        {
            return ticks.LastOrDefault(t => t.AsOfMs <= at + skewMs && t.AsOfTicks > after);
        }
        return ticks.FirstOrDefault(t => t.AsOfTicks > after && t.AsOfMs <= at + skewMs && same(t));
    }

    /// <summary>Clears what a browser context remembers of the store and the blank page: HTTP cache, cookies, storage.</summary>
    private static async Task ForgetAsync(IBrowserContext context, Uri store, Uri blank)
    {
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.clearBrowserCache");
        await cdp.SendAsync("Network.clearBrowserCookies");
        foreach (var origin in new[] { store, blank })
            await cdp.SendAsync("Storage.clearDataForOrigin", new Dictionary<string, object>
            {
                ["origin"] = origin.GetLeftPart(UriPartial.Authority),
                ["storageTypes"] = "all",
            });
        await cdp.DetachAsync();
        await page.CloseAsync();
    }

    private static async Task<FirstVisit> MeasureFirstVisitsAsync(IBrowser browser, Uri baseUrl, BenchOptions o, CancellationToken ct)
    {
        var paints = new List<double>();
        var floors = new List<double>();
        List<(string Url, long Transfer, long Body, long Decoded)>? first = null;
        var fewestTransfer = long.MaxValue;
        // The floor: a blank page with the store's headers for / (Cross-Origin-Opener-Policy makes the browser swap
        // renderer processes when leaving a fresh context's about:blank), visited between the store's visits so both
        // see the same machine.
        await using var blank = await BlankPage.StartAsync(baseUrl, ct);
        Console.Error.WriteLine($"    floor: blank page at {blank.Url} with the headers of /: {string.Join(", ", blank.Headers.Keys.Order(StringComparer.OrdinalIgnoreCase))}");
        // "warm": one browser context for every visit, its cache, cookies and storage cleared before each one: a
        // returning browser's first visit of the store, where the browser may already have a renderer process waiting.
        await using var warm = o.WarmVisits ? await browser.NewContextAsync() : null;
        for (var v = 0; v < o.Visits; v++)
        {
            if (warm is not null) await ForgetAsync(warm, baseUrl, blank.Url);
            await using (var context = warm is null ? await browser.NewContextAsync() : null)
            {
                var page = await (context ?? warm!).NewPageAsync();
                await page.GotoAsync(baseUrl.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle, Timeout = 60_000 });
                await page.WaitForSelectorAsync(o.Selector, new PageWaitForSelectorOptions { Timeout = 30_000 });
                var json = await page.EvaluateAsync<string>(VisitMetrics);
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.GetProperty("fcp") is { ValueKind: JsonValueKind.Number } fcp) paints.Add(fcp.GetDouble());
                var fetched = doc.RootElement.GetProperty("resources").EnumerateArray()
                    .Select(r => (r.GetProperty("url").GetString() ?? "", r.GetProperty("transfer").GetInt64(), r.GetProperty("body").GetInt64(), r.GetProperty("decoded").GetInt64()))
                    .ToList();
                first ??= fetched;
                // Every visit must fetch everything over the network: a visit served from a cache would not be a first one.
                fewestTransfer = Math.Min(fewestTransfer, fetched.Sum(r => r.Item2));
                if (warm is not null) await page.CloseAsync();
            }
            if (warm is not null) await ForgetAsync(warm, baseUrl, blank.Url);
            await using (var context = warm is null ? await browser.NewContextAsync() : null)
            {
                var page = await (context ?? warm!).NewPageAsync();
                await page.GotoAsync(blank.Url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
                if (await page.EvaluateAsync<double?>(PaintEntry) is { } floor) floors.Add(floor);
                if (warm is not null) await page.CloseAsync();
            }
        }
        first ??= [];
        if (fewestTransfer < first.Sum(r => r.Transfer) * 9 / 10)
            Console.Error.WriteLine($"    warning: a visit transferred {fewestTransfer} bytes against {first.Sum(r => r.Transfer)} for the first: something was cached");

        // The same URLs fetched once more by a client that asks for brotli: a cross-check of what the browser got.
        using var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var resources = new List<FirstVisitResource>();
        foreach (var (url, _, body, decoded) in first)
        {
            long br = 0;
            string? encoding = null;
            var uri = new Uri(url);
            if (uri.IsLoopback && !uri.AbsolutePath.StartsWith("/_blazor", StringComparison.Ordinal))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
                using var response = await http.SendAsync(request, ct);
                br = (await response.Content.ReadAsByteArrayAsync(ct)).LongLength;
                encoding = string.Join(",", response.Content.Headers.ContentEncoding);
            }
            resources.Add(new FirstVisitResource(uri.PathAndQuery, body, decoded, br, encoding));
        }

        paints.Sort();
        floors.Sort();
        return new FirstVisit(
            o.Visits, first.Count,
            first.Sum(r => r.Transfer), first.Sum(r => r.Body), first.Sum(r => r.Decoded), resources.Sum(r => r.BrotliBytes),
            paints.Count == 0 ? null : Math.Round(paints[paints.Count / 2], 0),
            paints.Count == 0 ? null : Math.Round(paints[^1], 0),
            resources,
            floors.Count == 0 ? null : Math.Round(floors[floors.Count / 2], 0),
            floors.Count == 0 ? null : Math.Round(floors[^1], 0),
            o.WarmVisits,
            fewestTransfer == long.MaxValue ? 0 : fewestTransfer);
    }
}
