using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace CheapTokens.Blazor.Scaling;

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
