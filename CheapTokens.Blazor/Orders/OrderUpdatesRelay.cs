using System.Globalization;
using CheapTokens.Blazor.Scaling;
using StackExchange.Redis;

namespace CheapTokens.Blazor.Orders;

/// <summary>
/// Sends this node's order-change notices to the other nodes and hands theirs to this node's open order views. A notice
/// carries only the order id (the database is the source of truth), so losing one costs a view one live refresh, and
/// the instant it was sent (Unix milliseconds on the store's clock), so the time a notice spends between nodes can be
/// measured by any subscriber of the channel (the rush bench does).
/// </summary>
public sealed class OrderUpdatesRelay(OrderUpdates updates, NodeIdentity node, TimeProvider clock, ILogger<OrderUpdatesRelay> logger, RedisConnection? redis = null)
    : IHostedService
{
    /// <summary>The channel's name after <c>Redis:ChannelPrefix</c>; a message is "{node}:{order id}:{sent, Unix ms}".</summary>
    public const string ChannelName = "order-updates";

    private static readonly RedisChannel Channel = RedisChannel.Literal(ChannelName);
    private ISubscriber? _subscriber;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (redis is null) return; // one node: notices stay in process
        var connection = await redis.GetAsync();
        _subscriber = connection.GetSubscriber();
        await _subscriber.SubscribeAsync(Channel, (_, message) =>
        {
            // "{node}:{order id}:{sent}"; this node's own notices were delivered locally already.
            var text = (string?)message ?? "";
            var separator = text.IndexOf(':', StringComparison.Ordinal);
            if (separator <= 0 || text.AsSpan(0, separator).SequenceEqual(node.Id)) return;
            var rest = text.AsSpan(separator + 1);
            var end = rest.IndexOf(':');
            if (Guid.TryParse(end < 0 ? rest : rest[..end], out var orderId)) updates.DeliverLocally(orderId);
        });
        updates.Relay = orderId =>
        {
            var sent = (clock.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);
            _ = _subscriber.PublishAsync(Channel, $"{node.Id}:{orderId}:{sent}", CommandFlags.FireAndForget)
                .ContinueWith(t => logger.LogWarning(t.Exception, "An order notice did not reach Redis"), TaskContinuationOptions.OnlyOnFaulted);
        };
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        updates.Relay = null;
        if (_subscriber is not null) await _subscriber.UnsubscribeAsync(Channel);
    }
}
