using CheapTokens.Blazor.Configuration;
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
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(HealthCheckName, tags: [readyTag]);
        return services;
    }
}
