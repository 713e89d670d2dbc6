using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CheapTokens.Bench;
using CheapTokens.Bench.Circuits;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (HelpRequested)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine();
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("the bench reads the app's CPU and memory from /proc: run it on Linux");
    return 2;
}

// Enough pool threads up front for thousands of connections' callbacks.
ThreadPool.GetMinThreads(out var workers, out var io);
ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
// A hard stop well past the planned length of the run, whatever happens.
var planned = options.Idle + options.Warmup + options.Seconds + options.Grace + 600
    // A rush runs until its last order is settled, at the latest a minute past the store's midnight.
    + (options.Scenario == "rush" ? options.Prefill + (int)(TimeSpan.FromHours(24) - options.RushAt.ToTimeSpan()).TotalSeconds : 0);
cts.CancelAfter(TimeSpan.FromSeconds(planned * Math.Max(1, options.Apps.Count)));

var root = Report.FindRoot();
var started = Clock.UtcNow();
var results = new List<object>();
// Rush: the bench knows the simulated Venice's admin key (to tell pool keys from minted ones afterwards); buyers
// all come from this one address, so the per-address limits that would stop one real buyer are off.
var rushAdminKey = "bench_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
if (options.Scenario == "rush")
{
    options.AppEnv.TryAdd("Venice__AdminKey", rushAdminKey);
    options.AppEnv.TryAdd("RateLimits__Enabled", "false");
    options.AppEnv.TryAdd("Provisioning__ExpiredKeySweepMinutes", "120");
    rushAdminKey = options.AppEnv["Venice__AdminKey"];
}
// Hub subscribers likewise all come from this one address: the per-address connection limit would refuse them.
// So do the circuits scenario's pages and its quotes.
if (options.Scenario is "hub" or "circuits") options.AppEnv.TryAdd("RateLimits__Enabled", "false");
var specs = options.Url is not null ? [options.Url.ToString()] : options.Apps.Count > 0 ? options.Apps : [root ?? "."];

try
{
    foreach (var spec in specs)
    {
        Console.Error.WriteLine($"{options.Scenario}: {spec}");
        if (options.Scenario == "rush")
        {
            await using var cluster = await RushCluster.StartAsync(spec, options, root ?? Directory.GetCurrentDirectory(), cts.Token);
            results.Add(await RushScenario.RunAsync(cluster, options, rushAdminKey, cts.Token));
            continue;
        }
        await using var app = options.Url is not null
            ? AppUnderTest.Attach(options.Url, options.Pid)
            : await AppUnderTest.StartAsync(spec, options, root ?? Directory.GetCurrentDirectory(), cts.Token);
        Console.Error.WriteLine($"  app at {app.BaseUrl} (pid {app.Pid}{(app.Commit is null ? "" : ", commit " + app.Commit)})");
        object result = options.Scenario switch
        {
            "hub" => await HubScenario.RunAsync(app, options, cts.Token),
            "circuits" => await CircuitsScenario.RunAsync(app, options, cts.Token),
            _ => await PagesScenario.RunAsync(app, options, cts.Token),
        };
        results.Add(result);
    }
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("stopped before the end; partial results follow");
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or ArgumentException or IOException or HttpRequestException or Microsoft.Playwright.PlaywrightException)
{
    Console.Error.WriteLine(e.Message);
    if (results.Count == 0) return 1;
}

Report.PrintTable(options, results);
var outPath = options.Out ?? Path.Combine(root ?? ".", "bench", "results",
    $"{options.Scenario}-{started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.json");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
await File.WriteAllTextAsync(outPath, JsonSerializer.Serialize(new
{
    startedUtc = started,
    machine = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription },
    command = string.Join(' ', args),
    results,
}, Report.Json));
Console.WriteLine($"results: {Path.GetFullPath(outPath)}");
return 0;

namespace CheapTokens.Bench
{
    public static class Report
    {
        public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        /// <summary>The worktree this command runs in: the nearest folder up that holds CheapTokens.Blazor/.</summary>
        public static string? FindRoot()
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                    if (File.Exists(Path.Combine(d.FullName, "CheapTokens.Blazor", "CheapTokens.Blazor.csproj"))) return d.FullName;
            }
            return null;
        }

        private static string D(Distribution? d) => d is null ? "none" : $"p50 {d.P50:0} ms, p99 {d.P99:0} ms, max {d.Max:0} ms ({d.Count})";

        public static void PrintTable(BenchOptions o, List<object> results)
        {
            Console.WriteLine();
            foreach (var r in results)
            {
                var (app, load) = r switch { HubResult h => (h.App, h.LoadAverage), PagesResult p => (p.App, p.LoadAverage), CircuitsResult c => (c.App, c.LoadAverage), _ => ("", "") };
                var (api, failures) = r switch { HubResult h => (h.ApiPricesMs, h.ApiFailures), PagesResult p => (p.ApiPricesMs, p.ApiFailures), CircuitsResult c => (c.ApiPricesMs, c.ApiFailures), _ => (null, 0) };
                Console.WriteLine($"{app}: load average at the end of the window {load} (2 cores)" +
                    (api is null ? "" : $"; GET /api/prices meanwhile p50 {api.P50:0.0} ms, p99 {api.P99:0.0} ms, max {api.Max:0.0} ms ({api.Count} requests, {failures} failed)"));
                if (r is PagesResult { Hidden: { } hidden })
                    Console.WriteLine($"{app}: {hidden.Pages} pages hidden, all paused {hidden.PausedAfterSeconds:0.0} s after; over {hidden.Seconds:0} s hidden: server CPU {hidden.CpuPercent:0.0} % (idle {hidden.IdleCpuPercent:0.0} %), " +
                        $"{hidden.CpuMsPerPageTickNetOfIdle:0.000} ms per page and tick net of idle, {hidden.WsFramesPerPageSecond:0.000} WebSocket frames a second per page, RSS {hidden.RssKb / 1024} MB; " +
                        $"shown again: {hidden.Returned} pages changed, {hidden.ReturnedCurrent} to a tick published after they were hidden, in p50 {hidden.ReturnMs?.P50:0} ms, max {hidden.ReturnMs?.Max:0} ms");
                if (r is CircuitsResult { ApiQuotesMs: var quotes } cr)
                {
                    if (quotes is not null)
                        Console.WriteLine($"{app}: POST /api/quotes meanwhile p50 {quotes.P50:0.0} ms, p99 {quotes.P99:0.0} ms, max {quotes.Max:0.0} ms ({quotes.Count} quotes, {cr.ApiQuoteFailures} failed)");
                    if (cr.VisitorsPerMinute > 0)
                        Console.WriteLine($"{app}: {cr.Visits} visitors ({cr.VisitorsPerMinute} a minute), {cr.VisitFailures} failed; page load to live p50 {cr.VisitMs?.P50:0} ms, p99 {cr.VisitMs?.P99:0} ms, max {cr.VisitMs?.Max:0} ms");
                }
            }
            if (o.Scenario == "rush")
            {
                foreach (var r in results.OfType<RushResult>())
                {
                    Console.WriteLine($"{Name(r.App, r.Commit)}, {r.Nodes.Count} node(s) on {r.Store}:");
                    Console.WriteLine($"rush from {r.RushStartStoreUtc}: {r.Buyers} buyers over {r.Seconds} s; orders left today at the start {r.OrdersLeftAtStart}");
                    Console.WriteLine($"  placed {r.Placed}; refused for key capacity {r.RefusedForCapacityAtQuote} at quote, {r.RefusedForCapacityAtOrder} at order; other refusals {r.OtherRefusals}");
                    Console.WriteLine($"  keys {r.Fulfilled} ({r.FromPool} from the pool); refunded {r.Refunded}; still waiting at the end {r.StillWaiting}; waits over a minute {r.WaitsOverOneMinute}");
                    Console.WriteLine($"  order→key all:       {D(r.OrderToKeyMs)}");
                    Console.WriteLine($"  order→key from pool: {D(r.OrderToKeyFromPoolMs)}");
                    Console.WriteLine($"  order→key minted:    {D(r.OrderToKeyMintedMs)}");
                    Console.WriteLine($"  POST /api/orders:    {D(r.OrderPostMs)}");
                    foreach (var h in r.SlowestFromPool)
                        Console.WriteLine($"  slow pool order #{h.Sequence} sent {h.SentAtStoreUtc}: {h.OrderToKeyMs:0} ms, of which POST {h.OrderPostMs:0}");
                    Console.WriteLine($"  latest key before 00:00 UTC: {r.LatestKeyStoreUtc ?? "none"}; keys seen after midnight: {r.KeysSeenAfterMidnight}; load average {r.LoadAverage}");
                    if (r.OrderNoticeDelayMs is { } notices)
                        Console.WriteLine($"  order notices through Redis, sent → received: p50 {notices.P50:0.0} ms, p99 {notices.P99:0.0} ms, max {notices.Max:0.0} ms ({notices.Count})");
                    Console.WriteLine($"  per node over the {r.WindowSeconds:0} s from the first buyer to the last order settled:");
                    Console.WriteLine("  (the node's own instruments: in line and payment→key are histogram buckets, \"≤\" the bound each percentile falls under; - where a node has no scrape)");
                    Print(["node", "orders paid", "fulfilled", "in line p50 ≤ ms", "p99 ≤ ms", "payment→key p50 ≤ ms", "p99 ≤ ms", "tick lag p99 ≤ ms",
                           "Venice calls", "429s", "CPU %", "ms CPU/order", "RSS MB", "peak MB", "ticks", "tick→hub p50 ms", "p99 ms", "max ms"],
                        r.Nodes.Select(n => new[]
                        {
                            n.Url, N(n.OrdersPaid), N(n.OrdersFulfilled), Ms(n.QueueWaitMs?.P50AtMostMs), Ms(n.QueueWaitMs?.P99AtMostMs),
                            Ms(n.TimeToKeyMs?.P50AtMostMs), Ms(n.TimeToKeyMs?.P99AtMostMs), Ms1(n.TickLagMs?.P99AtMostMs),
                            N(n.VeniceCalls), N(n.VeniceThrottled),
                            F(n.CpuPercent, "0.0"), F(n.CpuMsPerOrder, "0.0"), F(n.RssMb, "0"), F(n.PeakRssMb, "0"), n.Ticks.ToString(Inv),
                            Ms1(n.TickDelayMs?.P50), Ms1(n.TickDelayMs?.P99), Ms1(n.TickDelayMs?.Max),
                        }).ToList());
                }
                return;
            }
            if (o.Scenario == "circuits")
            {
                var rows = results.OfType<CircuitsResult>().Select(r => new[]
                {
                    Name(r.App, r.Commit), $"{r.Opened}/{r.Circuits}", r.Ticks.ToString(Inv), Pct(r.Delivery),
                    Ms(r.DelayMs?.P50), Ms(r.DelayMs?.P95), Ms(r.DelayMs?.P99), Ms(r.DelayMs?.Max), F(r.MaxTickGapMs, "0"),
                    F(r.BatchesPerCircuitTick, "0.00"), F(r.BatchKbPerCircuitTick, "0.00"), F(r.ComponentRendersPerCircuitTick, "0.0"),
                    F(r.WsMessagesPerCircuitSecond, "0.0"), F(r.WsKbPerCircuitSecond, "0.0"), F(r.WsSentPerCircuitSecond, "0.0"),
                    F(r.Server.CpuPercent, "0.0"), F(r.Server.CpuMsPerClientTick, "0.000"), F(r.Server.CpuMsPerClientTickNetOfIdle, "0.000"),
                    F(r.Server.RssKbPerClient, "0"), F(r.Server.RssKb / 1024.0, "0"), F(r.RssKbAfterClose / 1024.0, "0"),
                    F(r.OpenCpuMsPerCircuit, "0.0"), F(r.BenchCpuPercent, "0"),
                }).ToList();
                Print(
                    ["app", "circuits", "ticks", "delivered", "p50 ms", "p95 ms", "p99 ms", "max ms", "max gap", "batches/tick",
                     "batch KB/tick", "renders/tick", "ws msgs/s", "ws KB/s", "ws sent/s", "srv CPU %", "ms CPU/circuit/tick", "(net idle)",
                     "KB RSS/circuit", "RSS MB", "RSS MB closed", "ms CPU/open", "bench CPU %"], rows);
                foreach (var r in results.OfType<CircuitsResult>())
                {
                    Console.WriteLine($"{r.App}: matched on the {r.MatchedOn}; {r.RootComponentsPerPage} root components per page; " +
                        $"{r.OpenFailures} failed to open, {r.Dropped} dropped, {r.Unmatched} batches matched no tick, " +
                        $"{r.DisconnectsAccepted} of {r.Opened} disconnects accepted" +
                        (r.FirstError is null ? "" : $"; first error: {r.FirstError}"));
                    Console.WriteLine($"  JS interop answered ({r.JsCallsPerCircuit:0.#} calls per page): " +
                        string.Join(", ", r.JsCalls.Select(kv => $"{kv.Key} ×{kv.Value}")));
                    if (r.StoreTickLagMs is { } lag)
                        Console.WriteLine($"  the store's own tick lag (tick computed → last page handed it) over {lag.Count} ticks: mean {lag.MeanMs:0.0} ms; " +
                            $"p50 ≤ {Ms1(lag.P50AtMostMs)} ms, p99 ≤ {Ms1(lag.P99AtMostMs)} ms");
                }
                return;
            }
            if (o.Scenario == "hub")
            {
                var rows = results.OfType<HubResult>().Select(r => new[]
                {
                    Name(r.App, r.Commit), $"{r.Connected}/{r.Connections}", r.Ticks.ToString(Inv), Pct(r.Delivery),
                    Ms(r.DelayMs?.P50), Ms(r.DelayMs?.P95), Ms(r.DelayMs?.P99), Ms(r.DelayMs?.Max), F(r.MaxTickGapMs, "0"),
                    F(r.Server.CpuPercent, "0.0"), F(r.Server.CpuMsPerClientTick, "0.000"), F(r.Server.CpuMsPerClientTickNetOfIdle, "0.000"),
                    F(r.Server.RssKbPerClient, "0.0"), F(r.Server.RssKb / 1024.0, "0"), F(r.ConnectCpuMsPerConnection, "0.00"),
                    F(r.BenchCpuPercent, "0"),
                }).ToList();
                Print(
                    ["app", "conns", "ticks", "delivered", "p50 ms", "p95 ms", "p99 ms", "max ms", "max gap", "srv CPU %",
                     "ms CPU/conn/tick", "(net idle)", "KB RSS/conn", "RSS MB", "ms CPU/connect", "bench CPU %"], rows);
            }
            else
            {
                var rows = results.OfType<PagesResult>().Select(r => new[]
                {
                    Name(r.App, r.Commit), $"{r.Opened}/{r.Pages}", r.Ticks.ToString(Inv), Pct(r.Delivery),
                    Ms(r.DelayMs?.P50), Ms(r.DelayMs?.P95), Ms(r.DelayMs?.P99), Ms(r.DelayMs?.Max),
                    F(r.UpdatesPerPageSecond, "0.00"), F(r.UpdatesPerPageSecondMin, "0.00"), F(r.BatchesPerPageTick, "0.00"), F(r.BatchKbPerPageTick, "0.00"),
                    F(r.WsFramesPerPageSecond, "0.0"), F(r.WsKbPerPageSecond, "0.0"), F(r.WsFramesSentPerPageSecond, "0.0"),
                    F(r.Server.CpuPercent, "0.0"), F(r.Server.CpuMsPerClientTick, "0.000"), F(r.Server.CpuMsPerClientTickNetOfIdle, "0.000"),
                    F(r.Server.RssKbPerClient, "0"), F(r.BenchCpuPercent, "0"),
                }).ToList();
                Print(
                    ["app", "pages", "ticks", "shown", "p50 ms", "p95 ms", "p99 ms", "max ms", "updates/s", "(slowest page)", "batches/tick", "batch KB/tick", "ws frames/s",
                     "ws KB/s", "ws sent/s", "srv CPU %", "ms CPU/page/tick", "(net idle)", "KB RSS/page", "bench CPU %"], rows);

                var visits = results.OfType<PagesResult>().Where(r => r.FirstVisit is not null).Select(r => new[]
                {
                    Name(r.App, r.Commit) + (r.FirstVisit!.Warm ? " (warm browser)" : ""), r.FirstVisit!.Requests.ToString(Inv), F(r.FirstVisit.BrowserTransferBytes / 1024.0, "0.0"),
                    F(r.FirstVisit.BrowserBodyBytes / 1024.0, "0.0"), F(r.FirstVisit.BrotliBytes / 1024.0, "0.0"),
                    F(r.FirstVisit.DecodedBytes / 1024.0, "0.0"), Ms(r.FirstVisit.FirstContentfulPaintMs), Ms(r.FirstVisit.FirstContentfulPaintMaxMs),
                    Ms(r.FirstVisit.FloorFcpMedianMs), Ms(r.FirstVisit.FirstContentfulPaintMs - r.FirstVisit.FloorFcpMedianMs),
                }).ToList();
                if (visits.Count > 0)
                {
                    Console.WriteLine();
                    Print(["first visit of /", "requests", "KB on wire", "KB bodies", "KB bodies br", "KB decoded", "FCP ms (median)", "FCP ms (max)",
                           "blank page FCP ms (median)", "page's own ms (median FCP − median floor)"], visits);
                }
                foreach (var r in results.OfType<PagesResult>().Where(r => r.JsAnswers.Count > 0))
                    Console.WriteLine($"{r.App}: JS interop answered by the browser: " + string.Join(", ", r.JsAnswers.Select(kv => $"{kv.Key} → {kv.Value}")));
                foreach (var r in results.OfType<PagesResult>().Where(r => r.PageErrors.Count > 0 || r.Unmatched > 0))
                    Console.WriteLine($"{r.App}: {r.Unmatched} changes matched no tick; page errors: {string.Join(" | ", r.PageErrors)}");
            }
        }

        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        private static string Name(string app, string? commit) =>
            commit is null ? app : $"{ShortName(app)} @{commit}";

        private static string ShortName(string app) => Path.GetFileName(app.TrimEnd('/')) is { Length: > 0 } n ? n : app;

        private static string F(double v, string format) => v.ToString(format, Inv);
        private static string Ms(double? v) => v is null ? "-" : v.Value.ToString("0", Inv);
        private static string Ms1(double? v) => v is null ? "-" : v.Value.ToString("0.0", Inv);
        private static string N(int? v) => v is null ? "-" : v.Value.ToString(Inv);
        private static string Pct(double v) => (v * 100).ToString("0.00", Inv) + " %";

        private static void Print(string[] header, List<string[]> rows)
        {
            var widths = header.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
            Console.WriteLine(string.Join(" | ", header.Select((h, i) => h.PadLeft(widths[i]))));
            Console.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
            foreach (var r in rows) Console.WriteLine(string.Join(" | ", r.Select((c, i) => c.PadLeft(widths[i]))));
        }
    }
}
