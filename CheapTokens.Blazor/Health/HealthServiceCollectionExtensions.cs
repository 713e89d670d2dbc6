using System.Text.Json;
using CheapTokens.Blazor.LivePrices;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CheapTokens.Blazor.Health;

/// <summary>
/// Probes for whatever stands in front of the store (a load balancer, an orchestrator): <c>/health/live</c> says the
/// process answers; <c>/health/ready</c> says it can sell (its database is reachable and fully migrated, and live
/// prices are flowing); Venice and the payment processor out of reach make it Degraded, which still answers 200. Answers
/// name each check and its state, nothing else.
/// </summary>
public static class HealthServiceCollectionExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string Ready = "ready";

    public static IServiceCollection AddStoreHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddReachabilityProbe(configuration);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: [Ready])
            .AddCheck<LivePricesHealthCheck>("prices", tags: [Ready])
            // Degraded, never Unhealthy: without them the node still serves pages and prices and takes back what they
            // owe when they return; only the front should not drop it. Degraded answers 200, naming the dependency.
            .AddCheck<VeniceHealthCheck>(VeniceHealthCheck.Name, failureStatus: HealthStatus.Degraded, tags: [Ready])
            .AddCheck<PaymentProcessorHealthCheck>(PaymentProcessorHealthCheck.Name, failureStatus: HealthStatus.Degraded, tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapStoreHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        }));
    }
}
