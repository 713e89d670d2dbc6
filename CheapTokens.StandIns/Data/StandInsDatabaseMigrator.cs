using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace CheapTokens.StandIns.Data;

/// <summary>Brings the stand-ins' tables up to date before the app serves.</summary>
public sealed class StandInsDatabaseMigrator(IDbContextFactory<StandInsDbContext> factory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => StandInsDatabase.MigrateAsync(factory, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
