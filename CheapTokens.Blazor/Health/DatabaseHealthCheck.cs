using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CheapTokens.Blazor.Health;

/// <summary>
/// Unhealthy unless the store's database answers with every migration applied: without it the node cannot serve. A
/// probe whose caller hung up is not a failure of the database: its cancellation goes back to the health-check service
/// (the framework's DbContext check would report it as Unhealthy, logged as an error with a stack trace).
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<StoreDbContext> databases) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken)) return HealthCheckResult.Unhealthy("The database cannot be reached.");
            return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any()
                ? HealthCheckResult.Unhealthy("The database has migrations not yet applied.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database cannot be read.", e);
        }
    }
}
