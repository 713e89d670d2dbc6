using System.Collections.Concurrent;

namespace CheapTokens.Blazor.Orders;

/// <summary>
/// In-process notice that an order changed, keyed by its id (the store does not keep tokens), so an open order view re-reads it at once
/// instead of polling. Carries no data: the database stays the one source of truth.
/// </summary>
public sealed class OrderUpdates(ILogger<OrderUpdates> logger)
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> _byOrder = new();

    public IDisposable Subscribe(Guid orderId, Func<Task> onChanged)
    {
        var subscription = new Subscription(this, orderId, onChanged);
        _byOrder.GetOrAdd(orderId, _ => new())[subscription] = 0;
        return subscription;
    }

    /// <summary>Also tells the other nodes, when there are any (set by the scale-out relay).</summary>
    public Action<Guid>? Relay { get; set; }

    public void Publish(Guid orderId)
    {
        DeliverLocally(orderId);
        Relay?.Invoke(orderId);
    }

    /// <summary>Notifies this process's views only: a notice another node published.</summary>
    public void DeliverLocally(Guid orderId)
    {
        if (!_byOrder.TryGetValue(orderId, out var subscribers)) return;
        foreach (var subscription in subscribers.Keys) _ = subscription.NotifyAsync();
    }

    private sealed class Subscription(OrderUpdates owner, Guid orderId, Func<Task> onChanged) : IDisposable
    {
        public async Task NotifyAsync()
        {
            try
            {
                await onChanged();
            }
            catch (Exception ex)
            {
                owner._logger.LogWarning(ex, "An order view failed to refresh");
            }
        }

        public void Dispose()
        {
            if (!owner._byOrder.TryGetValue(orderId, out var subscribers)) return;
            subscribers.TryRemove(this, out _);
            // Drop the order's entry once nobody watches it, so the map does not grow with every order viewed.
            if (subscribers.IsEmpty) owner._byOrder.TryRemove(new KeyValuePair<Guid, ConcurrentDictionary<Subscription, byte>>(orderId, subscribers));
        }
    }

    private readonly ILogger<OrderUpdates> _logger = logger;
}
