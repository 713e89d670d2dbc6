using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CheapTokens.Bench;

/// <summary>The fields of a "prices" message the bench reads; the rest of the snapshot is skipped when parsing.</summary>
public sealed class SnapshotMessage
{
    public DateTimeOffset AsOf { get; set; }
    public decimal UnitPrice { get; set; }
    public long SecondsToMidnight { get; set; }
}

public sealed record HubResult(
    string Scenario,
    string App,
    string? Commit,
    int Connections,
    int Connected,
    int ConnectFailures,
    int Dropped,
    double ConnectSeconds,
    double ConnectCpuMsPerConnection,
    int Ticks,
    double MaxTickGapMs,
    double Delivery,
    long Expected,
    long Received,
    Distribution? DelayMs,
    ServerCost Server,
    double BenchCpuPercent,
    string LoadAverage,
    Distribution? ApiPricesMs,
    int ApiFailures);

/// <summary>
/// N subscribers of /hubs/prices. Every "prices" message is stamped on arrival; a tick is identified by its
/// <c>asOf</c>, and its delay is arrival wall time minus <c>asOf</c> (both on this machine's system clock).
/// </summary>
public static class HubScenario
{
    public const string HubPath = "hubs/prices";
    public const string Method = "prices";

    public static HubConnection Connect(Uri baseUrl) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, HubPath), HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
            .WithServerTimeout(TimeSpan.FromMinutes(2))
            .WithKeepAliveInterval(TimeSpan.FromSeconds(15))
            .Build();

    private sealed class Subscriber(HubConnection connection)
    {
        public HubConnection Connection { get; } = connection;
        public List<(long AsOfTicks, double DelayMs)> Got { get; } = new(64);

        public void Record(SnapshotMessage m)
        {
            var delay = Clock.UnixMs() - Clock.ToUnixMs(m.AsOf);
            lock (Got) Got.Add((m.AsOf.UtcTicks, delay));
        }
    }

    public static async Task<HubResult> RunAsync(AppUnderTest app, BenchOptions o, CancellationToken ct)
    {
        var clock = new Clock();
        var n = o.Connections;
        Console.Error.WriteLine($"  idle baseline {o.Idle} s ...");
        var idle0 = ProcSample.Take(app.Pid, clock);
        await Task.Delay(TimeSpan.FromSeconds(o.Idle), ct);
        var idle1 = ProcSample.Take(app.Pid, clock);

        var subscribers = new Subscriber?[n];
        int failures = 0, dropped = 0, opened = 0;
        var stopping = false;
        string? firstError = null;
        Console.Error.WriteLine($"  opening {n} hub connections, {o.ConnectConcurrency} at a time ...");
        var c0 = ProcSample.Take(app.Pid, clock);
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = o.ConnectConcurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var connection = Connect(app.BaseUrl);
                var sub = new Subscriber(connection);
                connection.On<SnapshotMessage>(Method, sub.Record);
                connection.Closed += _ =>
                {
                    if (!Volatile.Read(ref stopping)) Interlocked.Increment(ref dropped);
                    return Task.CompletedTask;
                };
                try
                {
                    await connection.StartAsync(token);
                    subscribers[i] = sub;
                    var done = Interlocked.Increment(ref opened);
                    if (done % 1000 == 0) Console.Error.WriteLine($"    {done} open");
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                    await connection.DisposeAsync();
                }
            });
        var c1 = ProcSample.Take(app.Pid, clock);
        if (firstError is not null) Console.Error.WriteLine($"  {failures} connections failed, first: {firstError}");
        var live = subscribers.Where(s => s is not null).Select(s => s!).ToList();

        Console.Error.WriteLine($"  warm-up {o.Warmup} s, then measuring {o.Seconds} s ...");
        await Task.Delay(TimeSpan.FromSeconds(o.Warmup), ct);
        var clientCpu0 = ProcStats.ClientCpuMs(app.Pid);
        var s0 = ProcSample.Take(app.Pid, clock);
        var from = Clock.UtcNow().UtcTicks;
        await using var probe = ApiProbe.Start(app.BaseUrl, o.ApiProbeMs);
        await Task.Delay(TimeSpan.FromSeconds(o.Seconds), ct);
        var (apiLatency, apiFailures) = await probe.StopAsync();
        var to = Clock.UtcNow().UtcTicks;
        var s1 = ProcSample.Take(app.Pid, clock);
        var loadAverage = ProcStats.LoadAverage();
        var benchCpu = (ProcStats.ClientCpuMs(app.Pid) - clientCpu0) * 100 / (s1.WallMs - s0.WallMs);
        if (o.Grace > 0) await Task.Delay(TimeSpan.FromSeconds(o.Grace), ct);

        Volatile.Write(ref stopping, true);
        Console.Error.WriteLine("  closing connections ...");
        await Parallel.ForEachAsync(live, new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (s, _) => await s.Connection.DisposeAsync());

        // Per tick in the window: how many connections got it, and each arrival's delay.
        var receivers = new Dictionary<long, int>();
        var delays = new List<double>(live.Count * (o.Seconds + 1));
        foreach (var s in live)
        {
            var seen = new HashSet<long>();
            lock (s.Got)
            {
                foreach (var (asOf, delay) in s.Got)
                {
                    if (asOf < from || asOf >= to || !seen.Add(asOf)) continue;
                    receivers[asOf] = receivers.GetValueOrDefault(asOf) + 1;
                    delays.Add(delay);
                }
            }
        }
        var ticks = receivers.Keys.Order().ToList();
        var maxGap = ticks.Count > 1 ? ticks.Zip(ticks.Skip(1), (a, b) => (b - a) / (double)TimeSpan.TicksPerMillisecond).Max() : 0;
        long expected = (long)ticks.Count * live.Count;
        long received = receivers.Values.Sum(v => (long)v);

        return new HubResult(
            "hub", app.Label, app.Commit, n, live.Count, failures, dropped,
            Math.Round((c1.WallMs - c0.WallMs) / 1000, 1),
            Math.Round((c1.CpuMs - c0.CpuMs) / Math.Max(1, live.Count), 2),
            ticks.Count, Math.Round(maxGap, 0),
            expected == 0 ? 0 : Math.Round(received / (double)expected, 5), expected, received,
            Distribution.Of(delays),
            ServerCost.From(idle0, idle1, s0, s1, live.Count, ticks.Count),
            Math.Round(benchCpu, 1),
            loadAverage,
            apiLatency,
            apiFailures);
    }
}
