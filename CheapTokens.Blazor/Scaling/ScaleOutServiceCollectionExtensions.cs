using System.Globalization;
using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Orders;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CheapTokens.Blazor.Scaling;

/// <summary>
/// What several nodes share besides the database: with <c>Redis:Configuration</c> set, SignalR's Redis backplane
/// (a hub message sent on any node reaches clients on every node), order-change notices relayed to every node (an
/// order page open on one node follows an order another node is fulfilling), and a Redis check in
/// <c>/health/ready</c>. Without it nothing changes: one node, in-process only.
/// </summary>
public static class ScaleOutServiceCollectionExtensions
{
    public const string HealthCheckName = "redis";

    /// <summary>Called with the final configuration (from StoreApp.Build): SignalR's backplane is chosen when services are registered.</summary>
    public static IServiceCollection AddScaleOut(this IServiceCollection services, IConfiguration configuration, string readyTag)
    {
        services.AddValidatedOptions<RedisOptions>(configuration.GetSection(RedisOptions.SectionName), o => o.Validate());
        NodeIdentity.Of(services, configuration);
        var redis = configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (!redis.Enabled) return services;

        services.AddSignalR().AddStackExchangeRedis(redis.Configuration,
            o => o.Configuration.ChannelPrefix = RedisChannel.Literal(redis.ChannelPrefix));
        services.AddSingleton<RedisConnection>();
        services.AddHostedService<OrderUpdatesRelay>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(HealthCheckName, tags: [readyTag]);
        return services;
    }
}

/// <summary>One shared connection to Redis for the store's own use (SignalR's backplane keeps its own).</summary>
public sealed class RedisConnection(IOptions<RedisOptions> options) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() =>
    {
        var configuration = ConfigurationOptions.Parse(options.Value.Configuration);
        // Keep trying in the background when Redis is down at start; readiness reports it meanwhile.
        configuration.AbortOnConnectFail = false;
        configuration.ChannelPrefix = RedisChannel.Literal(options.Value.ChannelPrefix);
        return ConnectionMultiplexer.ConnectAsync(configuration);
    });

    public Task<ConnectionMultiplexer> GetAsync() => _connection.Value;

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated) await (await _connection.Value).DisposeAsync();
    }
}

/// <summary>Ready only while Redis answers a PING: without it hub messages and order notices would stay on this node.</summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await redis.GetAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            await connection.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.");
        }
    }
}

/// <summary>
/// Sends this node's order-change notices to the other nodes and hands theirs to this node's open order views. A notice
/// carries only the order id (the database is the source of truth), so losing one costs a view one live refresh, and
/// the instant it was sent (Unix milliseconds on the store's clock), so the time a notice spends between nodes can be
/// measured by any subscriber of the channel (the rush bench does).
/// </summary>
public sealed class OrderUpdatesRelay(RedisConnection redis, OrderUpdates updates, NodeIdentity node, TimeProvider clock, ILogger<OrderUpdatesRelay> logger)
    : IHostedService
{
    /// <summary>The channel's name after <c>Redis:ChannelPrefix</c>; a message is "{node}:{order id}:{sent, Unix ms}".</summary>
    public const string ChannelName = "order-updates";

    private static readonly RedisChannel Channel = RedisChannel.Literal(ChannelName);
    private ISubscriber? _subscriber;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
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
