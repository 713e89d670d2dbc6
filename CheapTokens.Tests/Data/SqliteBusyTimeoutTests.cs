using CheapTokens.Blazor.Data;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Data;

public class SqliteBusyTimeoutTests
{
    [Fact]
    public async Task EveryStoreConnectionLetsSqliteWaitForTheWriteLockItself()
    {
        await using var host = await StoreHost.StartAsync();
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<StoreDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Assert.Equal(30_000L, Convert.ToInt64(await command.ExecuteScalarAsync()));
    }
}
