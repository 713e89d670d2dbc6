using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Supply;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class SupplyTables
{
    extension(StoreDbContext db)
    {
        public DbSet<DailySale> DailySales => db.Set<DailySale>();

        /// <summary>Unpaid in-page orders holding supply, with their buyer, and open holds per buyer.</summary>
        public DbSet<UnpaidHold> UnpaidHolds => db.Set<UnpaidHold>();

        public DbSet<UnpaidHoldCount> UnpaidHoldCounts => db.Set<UnpaidHoldCount>();
    }
}

internal sealed class DailySaleConfiguration : IStoreEntityConfiguration<DailySale>
{
    public void Configure(EntityTypeBuilder<DailySale> sale)
    {
        sale.ToTable("DailySales");
        sale.HasKey(s => s.Date);
    }
}

internal sealed class UnpaidHoldConfiguration : IStoreEntityConfiguration<UnpaidHold>
{
    public void Configure(EntityTypeBuilder<UnpaidHold> hold)
    {
        hold.ToTable("UnpaidHolds");
        hold.HasKey(h => h.OrderId);
        hold.Property(h => h.OrderId).ValueGeneratedNever();
        hold.Property(h => h.ClientAddress).HasMaxLength(64);
        hold.Property(h => h.Email).HasMaxLength(320);
    }
}

internal sealed class UnpaidHoldCountConfiguration : IStoreEntityConfiguration<UnpaidHoldCount>
{
    public void Configure(EntityTypeBuilder<UnpaidHoldCount> count)
    {
        count.ToTable("UnpaidHoldCounts");
        count.HasKey(c => c.Key);
        count.Property(c => c.Key).HasMaxLength(400);
    }
}
