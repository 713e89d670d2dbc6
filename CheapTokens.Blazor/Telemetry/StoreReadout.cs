using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace CheapTokens.Blazor.Telemetry;

/// <summary>What the console shows from the store's instruments; null where nothing was measured yet.</summary>
public sealed record StoreVitalsSnapshot(
    long OrdersPaid,
    decimal Revenue,
    long PaymentsDeclined,
    double? LastTickLagSeconds,
    double? LastTimeToKeySeconds,
    long VeniceThrottled,
    long RateLimitRejections,
    long? ProvisioningQueueDepth,
    long? SupplyRemaining);

/// <summary>
/// Reads the store's own meter (<see cref="StoreMetrics"/>) for the console: totals of its counters since this node
/// started, the last value of its histograms, its gauges now. It listens to the very instruments the exporters see,
/// so the console and a dashboard can never disagree about what was counted. Hosted, so it listens from start-up on.
/// </summary>
public sealed class StoreReadout : IHostedService, IDisposable
{
    private readonly MeterListener? _listener;
    private readonly ConcurrentDictionary<string, double> _totals = new();
    private readonly ConcurrentDictionary<string, double> _latest = new();

    public StoreReadout(StoreMetrics metrics)
    {
        if (!metrics.Enabled) return;
        var meter = metrics.Meter;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter)) listener.EnableMeasurementEvents(instrument);
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Take(instrument, value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Take(instrument, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Take(instrument, value));
        _listener.Start();
    }

    public StoreVitalsSnapshot Read()
    {
        // Gauges report when asked; clear first, so a gauge with nothing to say reads as unknown.
        _latest.TryRemove("cheaptokens.provisioning.queue.depth", out _);
        _latest.TryRemove("cheaptokens.supply.remaining", out _);
        _listener?.RecordObservableInstruments();
        return new StoreVitalsSnapshot(
            (long)Total("cheaptokens.orders.paid"),
            Math.Round((decimal)Total("cheaptokens.orders.revenue"), 2),
            (long)Total("cheaptokens.payments.declined"),
            Latest("cheaptokens.price_tick.lag"),
            Latest("cheaptokens.provisioning.time_to_key"),
            (long)Total("cheaptokens.venice.throttled"),
            (long)Total("cheaptokens.rate_limit.rejections"),
            Latest("cheaptokens.provisioning.queue.depth") is { } depth ? (long)depth : null,
            Latest("cheaptokens.supply.remaining") is { } remaining ? (long)remaining : null);
    }

    private void Take(Instrument instrument, double value)
    {
        switch (instrument)
        {
            case Counter<long> or Counter<double>:
                _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
                break;
            default:
                _latest[instrument.Name] = value;
                break;
        }
    }

    private double Total(string name) => _totals.GetValueOrDefault(name);

    private double? Latest(string name) => _latest.TryGetValue(name, out var value) ? value : null;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener?.Dispose();
}
