using CheapTokens.Blazor.Data;
using CheapTokens.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Checkout;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class CheckoutTables
{
    extension(StoreDbContext db)
    {
        /// <summary>Every pause and resume of sales; the newest row is the state now.</summary>
        public DbSet<SalesPauseChange> SalesPauses => db.Set<SalesPauseChange>();
    }
}

internal sealed class QuoteConfiguration : IStoreEntityConfiguration<Quote>
{
    public void Configure(EntityTypeBuilder<Quote> quote)
    {
        // decimal maps to TEXT on SQLite, which keeps money exact; no query orders or sums by it.
        quote.ToTable("Quotes");
        quote.HasKey(q => q.Id);
        quote.Property(q => q.Id).ValueGeneratedNever();
        quote.Property(q => q.Product).HasConversion<string>();
        quote.Ignore(q => q.SupplyDate);
        quote.HasIndex(q => q.UsedByOrderId);
        quote.HasMany(q => q.Dates).WithOne().HasForeignKey(d => d.QuoteId).OnDelete(DeleteBehavior.Cascade);
        quote.Navigation(q => q.Dates).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class QuoteDateConfiguration : IStoreEntityConfiguration<QuoteDate>
{
    public void Configure(EntityTypeBuilder<QuoteDate> date)
    {
        date.ToTable("QuoteDates");
        date.HasKey(d => new { d.QuoteId, d.Date });
    }
}

internal sealed class SalesPauseChangeConfiguration : IStoreEntityConfiguration<SalesPauseChange>
{
    public void Configure(EntityTypeBuilder<SalesPauseChange> change)
    {
        change.ToTable("SalesPauses");
        change.HasKey(c => c.Id);
    }
}
