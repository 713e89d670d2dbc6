using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CheapTokens.Blazor.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the app (no options, no data folder), for
/// either engine: SQLite by default, PostgreSQL with <c>-- --provider Postgres</c> (its migrations go to
/// <c>Data/Migrations/Postgres</c>). The connection string is never opened when generating migrations.
/// </summary>
public sealed class DesignTimeStoreDbContextFactory : IDesignTimeDbContextFactory<StoreDbContext>
{
    public StoreDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<StoreDbContext>();
        options.UseStoreDatabase(ProviderMigrations.DesignTimeDatabase(args), "Data Source=design-time.db");
        return new StoreDbContext(options.Options);
    }
}
