using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Security;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class SecurityTables
{
    extension(StoreDbContext db)
    {
        /// <summary>Declined payments per quote and per client address, for every node.</summary>
        public DbSet<FailedPaymentCount> FailedPaymentCounts => db.Set<FailedPaymentCount>();
    }
}

internal sealed class FailedPaymentCountConfiguration : IStoreEntityConfiguration<FailedPaymentCount>
{
    public void Configure(EntityTypeBuilder<FailedPaymentCount> count)
    {
        count.ToTable("FailedPaymentCounts");
        count.HasKey(c => c.Key);
        count.Property(c => c.Key).HasMaxLength(100);
        count.HasIndex(c => c.WindowEndsAt);
    }
}
