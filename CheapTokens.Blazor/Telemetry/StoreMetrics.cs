using System.Diagnostics;
using System.Diagnostics.Metrics;
using CheapTokens.Core.Orders;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Telemetry;

/// <summary>
/// The store's own instruments, all on the meter <see cref="MeterName"/>: what an operator asks at 23:59 (are pages
/// live, do orders get paid and keyed, is Venice throttling us). Features call one method where something happens;
/// gauges (registered by the features with <see cref="StoreGauges.AddStoreGauge"/>) read state already in memory, never the
/// database per scrape.
/// </summary>
public sealed class StoreMetrics
{
    public const string MeterName = "CheapTokens.Store";

    public const string ProductTag = "cheaptokens.product";
    public const string DeclineCodeTag = "cheaptokens.payment.decline_code";
    public const string OperationTag = "cheaptokens.venice.operation";
    public const string OutcomeTag = "cheaptokens.venice.outcome";
    public const string AccountTag = "cheaptokens.venice.account";
    public const string PolicyTag = "cheaptokens.rate_limit.policy";

    private readonly TimeProvider _clock;
    private readonly Counter<long> _placed;
    private readonly Counter<long> _paid;
    private readonly Counter<long> _fulfilled;
    private readonly Counter<long> _refunded;
    private readonly Counter<double> _revenue;
    private readonly Counter<double> _refundedAmount;
    private readonly Counter<long> _declined;
    private readonly Histogram<double> _tickLag;
    private readonly Counter<long> _veniceCalls;
    private readonly Histogram<double> _veniceDuration;
    private readonly Counter<long> _veniceThrottled;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _timeToKey;
    private readonly Counter<long> _rateLimited;

    public StoreMetrics(IMeterFactory meters, TimeProvider clock, IOptions<TelemetryOptions> options, IServiceProvider services)
    {
        _clock = clock;
        Enabled = options.Value.Enabled;
        Meter = meters.Create(MeterName);
        var meter = Meter;

        _placed = meter.CreateCounter<long>("cheaptokens.orders.placed", "{order}", "Orders placed (supply held, payment asked for), by product.");
        _paid = meter.CreateCounter<long>("cheaptokens.orders.paid", "{order}", "Orders whose payment succeeded, by product.");
        _fulfilled = meter.CreateCounter<long>("cheaptokens.orders.fulfilled", "{order}", "Orders with every key issued, by product.");
        _refunded = meter.CreateCounter<long>("cheaptokens.orders.refunded", "{order}", "Orders whose money went back, by product.");
        _revenue = meter.CreateCounter<double>("cheaptokens.orders.revenue", "{USD}", "US dollars taken by paid orders, by product.");
        _refundedAmount = meter.CreateCounter<double>("cheaptokens.orders.refunded_amount", "{USD}", "US dollars given back by refunds, by product.");
        _declined = meter.CreateCounter<long>("cheaptokens.payments.declined", "{payment}", "Payments declined, by the processor's code.");

        _tickLag = meter.CreateHistogram<double>("cheaptokens.price_tick.lag", "s",
            "From a price tick being published to the last page being handed it; once per tick.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

        _veniceCalls = meter.CreateCounter<long>("cheaptokens.venice.calls", "{call}", "HTTP attempts at Venice's key API, by operation and outcome.");
        _veniceDuration = meter.CreateHistogram<double>("cheaptokens.venice.call.duration", "s", "Time of one HTTP attempt at Venice's key API.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _veniceThrottled = meter.CreateCounter<long>("cheaptokens.venice.throttled", "{call}", "Venice answers of 429 Too Many Requests, by operation.");

        _queueWait = meter.CreateHistogram<double>("cheaptokens.provisioning.queue.wait", "s", "Time a paid order waited in the provisioning line.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300] });
        _timeToKey = meter.CreateHistogram<double>("cheaptokens.provisioning.time_to_key", "s",
            "From a key run falling due (payment, for credits) to its key being recorded.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

        _rateLimited = meter.CreateCounter<long>("cheaptokens.rate_limit.rejections", "{request}", "Requests refused with 429 by the store's limits, by policy.");

        // Gauges: each feature registers its own (AddStoreGauge), reading state it keeps in memory anyway.
        foreach (var gauge in services.GetServices<StoreGauge>()) gauge.Create(meter, services);
    }

    /// <summary>False when Telemetry:Enabled is off: nothing collects, and work done only to measure is skipped.</summary>
    public bool Enabled { get; }

    public Meter Meter { get; }

    public void OrderPlaced(Order order)
    {
        _placed.Add(1, ProductOf(order));
        StoreTracing.TagOrder(order.Id, order.Product);
    }

    public void OrderPaid(Order order)
    {
        _paid.Add(1, ProductOf(order));
        _revenue.Add((double)order.Total, ProductOf(order));
    }

    /// <summary>A run's key was saved: its time to key, and the order's fulfilment once every run has one.</summary>
    public void KeyRecorded(Order order, Guid orderKeyId)
    {
        if (order.Keys.FirstOrDefault(k => k.Id == orderKeyId) is { MintedAt: { } minted } run)
            _timeToKey.Record(Math.Max(0, (minted - run.MintAt).TotalSeconds));
        if (order.Status == OrderStatus.Fulfilled) _fulfilled.Add(1, ProductOf(order));
    }

    public void OrderRefunded(Order order, decimal amount)
    {
        _refunded.Add(1, ProductOf(order));
        _refundedAmount.Add((double)amount, ProductOf(order));
    }

    public void PaymentDeclined(string? code) => _declined.Add(1, new KeyValuePair<string, object?>(DeclineCodeTag, code ?? "unknown"));

    /// <summary>A price tick is going out: its start, for <see cref="TickDelivered"/>; zero when nobody measures.</summary>
    public long TickPublished() => Enabled && _tickLag.Enabled ? _clock.GetTimestamp() : 0;

    /// <summary>The last page has been handed the tick that started at <paramref name="published"/>.</summary>
    public void TickDelivered(long published)
    {
        if (published != 0) _tickLag.Record(_clock.GetElapsedTime(published).TotalSeconds);
    }

    /// <param name="status">Null when Venice did not answer.</param>
    public void VeniceAttempt(string operation, int? status, TimeSpan elapsed)
    {
        var outcome = status switch
        {
            null => "no_answer",
            >= 200 and < 300 => "ok",
            404 => "not_found",
            429 => "throttled",
            >= 500 => "server_error",
            _ => "refused",
        };
        var tags = new TagList { { OperationTag, operation }, { OutcomeTag, outcome } };
        _veniceCalls.Add(1, tags);
        _veniceDuration.Record(elapsed.TotalSeconds, tags);
        if (status == 429) _veniceThrottled.Add(1, new KeyValuePair<string, object?>(OperationTag, operation));
    }

    public void LeftProvisioningLine(TimeSpan waited) => _queueWait.Record(waited.TotalSeconds);

    public void RateLimited(string? policy) => _rateLimited.Add(1, new KeyValuePair<string, object?>(PolicyTag, policy ?? "other"));

    private static KeyValuePair<string, object?> ProductOf(Order order) => new(ProductTag, order.Product == Product.Pass ? "pass" : "credits");
}
