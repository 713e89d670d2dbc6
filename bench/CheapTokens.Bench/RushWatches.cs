using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace CheapTokens.Bench;

/// <summary>
/// One hub subscriber straight on each node during the rush: every price tick's delay from the tick's instant (its
/// <c>asOf</c>, on the store's clock, less the clock offset) to its arrival here. With the Redis backplane a node's tick
/// goes through Redis before it reaches the node's own clients, so this is where the backplane's delay shows.
/// </summary>
public sealed class TickWatch : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private readonly List<ConcurrentBag<double>> _delays = [];
    private volatile bool _stopped;

    public static async Task<TickWatch> StartAsync(IReadOnlyList<Uri> nodes, double offsetMs, CancellationToken ct)
    {
        var watch = new TickWatch();
        foreach (var node in nodes)
        {
            var delays = new ConcurrentBag<double>();
            var connection = HubScenario.Connect(node);
            connection.On<SnapshotMessage>(HubScenario.Method, m =>
            {
                if (!watch._stopped) delays.Add(Clock.UnixMs() - (Clock.ToUnixMs(m.AsOf) - offsetMs));
            });
            await connection.StartAsync(ct);
            watch._connections.Add(connection);
            watch._delays.Add(delays);
        }
        return watch;
    }

    /// <summary>Per node, the delays of the ticks received so far, in ms.</summary>
    public List<List<double>> Stop()
    {
        _stopped = true;
        return _delays.Select(d => d.ToList()).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        foreach (var connection in _connections) await connection.DisposeAsync();
    }
}

/// <summary>
/// A subscriber of the nodes' order-change channel on Redis, as every node is: each notice carries the instant its node
/// sent it (store clock), so sent → received here is the time a notice spends between nodes.
/// </summary>
public sealed class NoticeWatch : IAsyncDisposable
{
    private readonly ConcurrentBag<double> _delays = [];
    private ConnectionMultiplexer? _redis;
    private volatile bool _stopped;

    public static async Task<NoticeWatch> StartAsync(string configuration, string channelPrefix, double offsetMs)
    {
        var watch = new NoticeWatch();
        var options = ConfigurationOptions.Parse(configuration);
        options.ChannelPrefix = RedisChannel.Literal(channelPrefix);
        watch._redis = await ConnectionMultiplexer.ConnectAsync(options);
        await watch._redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal("order-updates"), (_, message) =>
        {
            // "{node}:{order id}:{sent, Unix ms on the store's clock}"; older builds send no instant.
            var parts = ((string?)message ?? "").Split(':');
            if (watch._stopped || parts.Length < 3 || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var sent)) return;
            watch._delays.Add(Clock.UnixMs() - (sent - offsetMs));
        });
        return watch;
    }

    public Distribution? Stop()
    {
        _stopped = true;
        return Distribution.Of(_delays.ToList());
    }

    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        if (_redis is not null) await _redis.DisposeAsync();
    }
}
