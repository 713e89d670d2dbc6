using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CheapTokens.Blazor.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the app (no options, no data folder).
/// The connection string is never opened when generating migrations.
/// </summary>
public sealed class DesignTimeStoreDbContextFactory : IDesignTimeDbContextFactory<StoreDbContext>
{
    public StoreDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<StoreDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
