using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Admin;

/// <summary>Creates or updates the console's tables before the app serves.</summary>
public sealed class OperatorDatabaseMigrator(IDbContextFactory<OperatorDbContext> factory) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Nodes starting together take turns (see MigrationLock).
        await MigrationLock.RunAsync(db, () => db.Database.MigrateAsync(cancellationToken), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
