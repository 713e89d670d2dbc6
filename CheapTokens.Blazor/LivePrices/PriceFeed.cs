using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Pricing;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>
/// The one in-process way in for live prices: the tick job publishes here; the SignalR hub and the
/// components subscribe.
/// </summary>
/// <remarks>
/// A tick reaches subscribers through a few fan-out lanes, each a thread of its own that walks its share of the
/// subscribers and hands each the newest snapshot. Why not the thread pool: thousands of pages queued there at
/// once put every API request and payment behind the whole fan-out; on lanes the operating system shares the
/// cores between the fan-out and the pool, so checkout stays fast while pages update. A handler must not block
/// (it returns a Task; a page's handler only queues its render). A subscriber still busy with an earlier snapshot
/// only ever skips to the latest one and never delays the others, and a lane that falls behind sends the newest
/// snapshot to the pages it has not reached yet: under load, pages skip ticks before anything else slows down.
/// </remarks>
public sealed class PriceFeed : IDisposable
{
    private readonly ILogger<PriceFeed> _logger;
    private readonly Lane[] _lanes;
    private readonly Lock _gate = new();
    private bool _lanesStarted;
    private volatile bool _disposed;
    private volatile PriceSnapshot? _latest;
    private readonly StoreMetrics? _metrics;
    private volatile Delivery? _delivery;

    /// <param name="fanOutLanes">Threads that deliver a tick; 0 means one per processor.</param>
    /// <param name="metrics">Gets each tick's lag, from publishing to the last lane's last page.</param>
    public PriceFeed(ILogger<PriceFeed> logger, int fanOutLanes = 0, StoreMetrics? metrics = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fanOutLanes);
        _logger = logger;
        _metrics = metrics;
        var count = fanOutLanes == 0 ? Environment.ProcessorCount : fanOutLanes;
        _lanes = Enumerable.Range(0, count).Select(i => new Lane(this, i)).ToArray();
    }

    /// <summary>The most recent snapshot, so a new page shows the current price at once.</summary>
    public PriceSnapshot? Latest => _latest;

    public int SubscriberCount => _lanes.Sum(lane => lane.Count);

    public int FanOutLanes => _lanes.Length;

    public void Publish(PriceSnapshot snapshot)
    {
        _latest = snapshot;
        // Measured once per tick, never per page: each lane says when its pass is over, the last one records.
        _delivery = _metrics is { Enabled: true } && _lanesStarted ? new Delivery(_metrics, _metrics.TickPublished(), _lanes.Length) : null;
        foreach (var lane in _lanes) lane.Wake();
    }

    /// <summary>
    /// Calls <paramref name="onSnapshot"/> for each new snapshot published after this call until the returned handle
    /// is disposed; never twice at once for one subscriber.
    /// </summary>
    public IDisposable Subscribe(Func<PriceSnapshot, Task> onSnapshot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StartLanes();
        var lane = _lanes.MinBy(l => l.Count)!;
        var subscription = new Subscription(this, lane, onSnapshot, _latest);
        lane.Add(subscription);
        return subscription;
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var lane in _lanes) lane.Wake();
    }

    // Started with the first subscriber, so a feed nobody follows (a test's, a node's before any page) holds no thread.
    private void StartLanes()
    {
        lock (_gate)
        {
            if (_lanesStarted) return;
            _lanesStarted = true;
            foreach (var lane in _lanes) lane.Start();
        }
    }

    private sealed class Lane(PriceFeed feed, int index)
    {
        private readonly AutoResetEvent _wake = new(false);
        private readonly Lock _gate = new();
        private Subscription[] _members = [];

        public int Count => Volatile.Read(ref _members).Length;

        public void Start() => new Thread(Run) { IsBackground = true, Name = $"price fan-out {index + 1}" }.Start();

        public void Wake() => _wake.Set();

        public void Add(Subscription subscription)
        {
            lock (_gate) _members = [.. _members, subscription];
        }

        public void Remove(Subscription subscription)
        {
            lock (_gate)
            {
                var at = Array.IndexOf(_members, subscription);
                if (at < 0) return;
                _members = [.. _members.AsSpan(0, at), .. _members.AsSpan(at + 1)];
            }
        }

        private void Run()
        {
            while (true)
            {
                _wake.WaitOne();
                if (feed._disposed) return;
                var delivery = feed._delivery;
                // Each member gets the newest snapshot when its turn comes; a tick published meanwhile wakes the lane
                // again, and the next pass skips members that already have it.
                foreach (var member in Volatile.Read(ref _members))
                {
                    if (feed._latest is { } latest) member.Offer(latest);
                }
                delivery?.LaneDone();
            }
        }
    }

    /// <summary>One published tick on its way through the lanes. A tick overtaken before every lane took it is not recorded.</summary>
    private sealed class Delivery(StoreMetrics metrics, long published, int lanes)
    {
        private int _lanesLeft = lanes;

        public void LaneDone()
        {
            if (Interlocked.Decrement(ref _lanesLeft) == 0) metrics.TickDelivered(published);
        }
    }

    private sealed class Subscription(PriceFeed feed, Lane lane, Func<PriceSnapshot, Task> onSnapshot, PriceSnapshot? alreadyShown)
        : IDisposable
    {
        private readonly Lock _gate = new();
        private PriceSnapshot? _offered = alreadyShown;
        private PriceSnapshot? _waiting;
        private bool _busy;
        private bool _disposed;

        public void Offer(PriceSnapshot snapshot)
        {
            lock (_gate)
            {
                if (_disposed || ReferenceEquals(snapshot, _offered)) return;
                _offered = snapshot;
                if (_busy)
                {
                    // Handled when the snapshot in hand is done; a newer one replaces it.
                    _waiting = snapshot;
                    return;
                }
                _busy = true;
            }
            Handle(snapshot);
        }

        private void Handle(PriceSnapshot snapshot)
        {
            while (true)
            {
                Task handled;
                try
                {
                    handled = onSnapshot(snapshot);
                }
                catch (Exception ex)
                {
                    handled = Task.FromException(ex);
                }
                if (!handled.IsCompleted)
                {
                    // Finished later on the pool; the lane moves on to the next subscriber now.
                    handled.ContinueWith(static (task, state) => ((Subscription)state!).Handled(task), this,
                        CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                    return;
                }
                Observe(handled);
                if (TakeWaiting() is not { } next) return;
                snapshot = next;
            }
        }

        private void Handled(Task handled)
        {
            Observe(handled);
            if (TakeWaiting() is { } next) Handle(next);
        }

        private PriceSnapshot? TakeWaiting()
        {
            lock (_gate)
            {
                var next = _disposed ? null : _waiting;
                _waiting = null;
                if (next is null) _busy = false;
                return next;
            }
        }

        private void Observe(Task handled)
        {
            // One failing subscriber must not stop its own later ticks nor anyone else's.
            if (handled.Exception is { } ex) feed._logger.LogWarning(ex.InnerException ?? ex, "A price subscriber failed to handle a snapshot");
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
            }
            lane.Remove(this);
        }
    }
}
