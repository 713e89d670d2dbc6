using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CheapTokens.Blazor.Scaling;

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
