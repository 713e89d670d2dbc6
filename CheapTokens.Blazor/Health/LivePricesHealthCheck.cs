using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.LivePrices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CheapTokens.Blazor.Health;

/// <summary>Ready once the tick job has published a board that is fresh: no older than three ticks, or ten seconds if that is longer.</summary>
public sealed class LivePricesHealthCheck(PriceFeed feed, TimeProvider clock, Microsoft.Extensions.Options.IOptions<LivePricesOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (feed.Latest is not { } latest) return Task.FromResult(HealthCheckResult.Unhealthy("No price published yet."));
        var maxAge = TimeSpan.FromMilliseconds(Math.Max(3 * options.Value.TickIntervalMilliseconds, 10_000));
        return Task.FromResult(clock.GetUtcNow() - latest.AsOf <= maxAge
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Prices have stopped ticking."));
    }
}
