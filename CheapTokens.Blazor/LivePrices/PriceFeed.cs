using System.Collections.Concurrent;
using System.Threading.Channels;
using CheapTokens.Core.Pricing;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>
/// The one in-process way in for live prices: the tick job publishes here; the SignalR hub and the
/// components subscribe. Each subscriber drains its own one-slot mailbox, so a slow subscriber only
/// ever skips to the latest snapshot and never delays the others.
/// </summary>
public sealed class PriceFeed(ILogger<PriceFeed> logger)
{
    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();
    private readonly ILogger<PriceFeed> _logger = logger;
    private volatile PriceSnapshot? _latest;

    /// <summary>The most recent snapshot, so a new page shows the current price at once.</summary>
    public PriceSnapshot? Latest => _latest;

    public int SubscriberCount => _subscriptions.Count;

    public void Publish(PriceSnapshot snapshot)
    {
        _latest = snapshot;
        foreach (var subscription in _subscriptions.Keys) subscription.Offer(snapshot);
    }

    /// <summary>Calls <paramref name="onSnapshot"/> for each new snapshot until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Func<PriceSnapshot, Task> onSnapshot)
    {
        var subscription = new Subscription(this, onSnapshot);
        _subscriptions[subscription] = 0;
        subscription.Start();
        return subscription;
    }

    private sealed class Subscription(PriceFeed feed, Func<PriceSnapshot, Task> onSnapshot) : IDisposable
    {
        private readonly Channel<PriceSnapshot> _mailbox = Channel.CreateBounded<PriceSnapshot>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public void Offer(PriceSnapshot snapshot) => _mailbox.Writer.TryWrite(snapshot);

        public void Start() => _ = Task.Run(PumpAsync);

        private async Task PumpAsync()
        {
            await foreach (var snapshot in _mailbox.Reader.ReadAllAsync())
            {
                try
                {
                    await onSnapshot(snapshot);
                }
                catch (Exception ex)
                {
                    // One failing subscriber must not stop its own later ticks nor anyone else's.
                    feed._logger.LogWarning(ex, "A price subscriber failed to handle a snapshot");
                }
            }
        }

        public void Dispose()
        {
            if (feed._subscriptions.TryRemove(this, out _)) _mailbox.Writer.TryComplete();
        }
    }
}
