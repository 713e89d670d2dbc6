using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CheapTokens.StandIns.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model for either engine: SQLite by default, PostgreSQL with
/// <c>-- --provider Postgres</c>. The connection string is never opened when generating migrations.
/// </summary>
public sealed class DesignTimeStandInsDbContextFactory : IDesignTimeDbContextFactory<StandInsDbContext>
{
    public StandInsDbContext CreateDbContext(string[] args)
    {
        var index = Array.IndexOf(args, "--provider");
        var postgres = index >= 0 && index + 1 < args.Length && string.Equals(args[index + 1], "Postgres", StringComparison.OrdinalIgnoreCase);
        var database = new StandInsDatabaseOptions
        {
            IsPostgres = postgres,
            ConnectionString = postgres ? "Host=localhost;Database=design_time" : "Data Source=design-time.db",
        };
        var options = new DbContextOptionsBuilder<StandInsDbContext>();
        options.UseStandInsDatabase(database);
        return new StandInsDbContext(options.Options);
    }
}
