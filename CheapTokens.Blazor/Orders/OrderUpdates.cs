using System.Collections.Concurrent;

namespace CheapTokens.Blazor.Orders;

/// <summary>
/// In-process notice that an order changed, keyed by its token, so an open order view re-reads it at once
/// instead of polling. Carries no data: the database stays the one source of truth.
/// </summary>
public sealed class OrderUpdates(ILogger<OrderUpdates> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> _byToken = new();

    public IDisposable Subscribe(string token, Func<Task> onChanged)
    {
        var subscription = new Subscription(this, token, onChanged);
        _byToken.GetOrAdd(token, _ => new())[subscription] = 0;
        return subscription;
    }

    public void Publish(string token)
    {
        if (!_byToken.TryGetValue(token, out var subscribers)) return;
        foreach (var subscription in subscribers.Keys) _ = subscription.NotifyAsync();
    }

    private sealed class Subscription(OrderUpdates owner, string token, Func<Task> onChanged) : IDisposable
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
            if (!owner._byToken.TryGetValue(token, out var subscribers)) return;
            subscribers.TryRemove(this, out _);
            // Drop the token's entry once nobody watches it, so the map does not grow with every order viewed.
            if (subscribers.IsEmpty) owner._byToken.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Subscription, byte>>(token, subscribers));
        }
    }

    private readonly ILogger<OrderUpdates> _logger = logger;
}
