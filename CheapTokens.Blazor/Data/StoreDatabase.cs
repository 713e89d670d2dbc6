using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CheapTokens.Blazor.Data;

public static class StoreDatabase
{
    /// <summary>Applies pending migrations and switches the file to WAL so readers never wait for the writer.</summary>
    public static async Task MigrateAsync(IDbContextFactory<StoreDbContext> factory, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Opened here so the migrations run on this connection, with the function they need.
        await db.Database.OpenConnectionAsync(cancellationToken);
        TokenHashFunction.Register((SqliteConnection)db.Database.GetDbConnection());
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}

/// <summary>Brings the database schema up to date before the app starts serving.</summary>
public sealed class StoreDatabaseMigrator(IDbContextFactory<StoreDbContext> factory, StoragePaths paths, ILogger<StoreDatabaseMigrator> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await StoreDatabase.MigrateAsync(factory, cancellationToken);
        paths.RestrictFiles();
        logger.LogInformation("Store database ready at {DatabasePath}", paths.DatabasePath);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
