using CheapTokens.Blazor.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CheapTokens.Blazor.Admin;

/// <summary>An operator of the store (never a buyer: buyers have no accounts).</summary>
public sealed class Operator : IdentityUser
{
    /// <summary>Set for the one-time password printed by <c>operator add</c>; cleared by the first password change.</summary>
    public bool MustChangePassword { get; set; }
}

/// <summary>One thing an operator did: who, when, what, and the state before and after. Rows are only ever added.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The operator's email, or "console" for the command line.</summary>
    public string Actor { get; set; } = "";

    public string Action { get; set; } = "";

    public string? Before { get; set; }

    public string? After { get; set; }
}

/// <summary>
/// Operators, their sign-in data and the audit log. It lives in the store's database file with its own migrations
/// (and its own history table), so the store's schema and the console's evolve independently.
/// </summary>
public sealed class OperatorDbContext(DbContextOptions<OperatorDbContext> options) : IdentityDbContext<Operator>(options)
{
    public const string MigrationsHistoryTable = "__OperatorMigrationsHistory";

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.MapInstants(Database, sqliteAsText: false);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditLog");
            // Identity's own instants keep EF's SQLite mapping; only the log's, which is ordered and ranged over, is text.
            if (!Database.IsNpgsql()) e.Property(a => a.At).HasConversion(new Data.UtcTimestampConverter());
            e.HasIndex(a => a.At);
        });
        // Identity's own tables, prefixed so they read as the console's in a shared database.
        builder.Entity<Operator>().ToTable("OperatorUsers");
        builder.Entity<IdentityRole>().ToTable("OperatorRoles");
        builder.Entity<IdentityUserRole<string>>().ToTable("OperatorUserRoles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("OperatorUserClaims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("OperatorUserLogins");
        builder.Entity<IdentityUserToken<string>>().ToTable("OperatorUserTokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("OperatorRoleClaims");
    }
}

/// <summary>
/// Lets <c>dotnet ef migrations add ... --context OperatorDbContext</c> build the model without starting the app: SQLite
/// by default, PostgreSQL with <c>-- --provider Postgres</c> (migrations in <c>Admin/Migrations/Postgres</c>).
/// </summary>
public sealed class DesignTimeOperatorDbContextFactory : IDesignTimeDbContextFactory<OperatorDbContext>
{
    public OperatorDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<OperatorDbContext>();
        options.UseStoreDatabase(ProviderMigrations.DesignTimeDatabase(args), "Data Source=design-time.db", OperatorDbContext.MigrationsHistoryTable);
        return new OperatorDbContext(options.Options);
    }
}
