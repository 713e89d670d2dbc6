using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Data;

/// <summary>Brings the database schema up to date before the app starts serving.</summary>
public sealed class StoreDatabaseMigrator(
    IDbContextFactory<StoreDbContext> factory, StoragePaths paths, IOptions<DatabaseOptions> database, ILogger<StoreDatabaseMigrator> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await StoreDatabase.MigrateAsync(factory, cancellationToken);
        paths.RestrictFiles();
        if (database.Value.IsPostgres) logger.LogInformation("Store database ready on PostgreSQL");
        else logger.LogInformation("Store database ready at {DatabasePath}", paths.DatabasePath);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
