using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Data;

/// <summary>
/// The store's database: the sets of the core's entities (quotes, orders, payments) and the data-protection key ring;
/// every feature's tables are configured in its own folder (an <see cref="IStoreEntityConfiguration{TEntity}"/>, with
/// its sets as extension properties beside it). Change the model, then generate a migration from it:
/// <c>dotnet ef migrations add Name --project CheapTokens.Blazor --output-dir Data/Migrations</c>.
/// </summary>
public sealed class StoreDbContext(DbContextOptions<StoreDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>Shadow concurrency token on orders and payments: two writers racing on one row cannot both win.</summary>
    public const string OrderVersion = "Version";

    public DbSet<Quote> Quotes => Set<Quote>();

    public DbSet<QuoteDate> QuoteDates => Set<QuoteDate>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderKey> OrderKeys => Set<OrderKey>();

    /// <summary>The store's payment ledger (table PaymentLedger): one row per order's charge, with its refund.</summary>
    public DbSet<Payment> Payments => Set<Payment>();

    /// <summary>The data-protection key ring when several nodes share this database (PostgreSQL); unused on SQLite.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpOrderVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpOrderVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.MapInstants(Database);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Each feature configures its own tables next to its entities; the context applies them without naming them.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(StoreDbContext).Assembly, StoreEntityConfigurations.Includes);
        modelBuilder.Entity<DataProtectionKey>(key => key.ToTable("DataProtectionKeys"));
    }

    private void BumpOrderVersions()
    {
        // Every transition touches UpdatedAt, so any change to an order or a payment shows up as Modified.
        foreach (var entry in ChangeTracker.Entries().Where(e => e.Entity is Order or Payment))
        {
            if (entry.State == EntityState.Modified)
            {
                var version = entry.Property(OrderVersion);
                version.CurrentValue = (int)version.OriginalValue! + 1;
            }
        }
    }
}
