using CheapTokens.Blazor.Data;
using CheapTokens.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Orders;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class OrderTables
{
    extension(StoreDbContext db)
    {
        /// <summary>Order links issued after the first (a receipt sent again), by hash, and earlier links they replaced.</summary>
        public DbSet<OrderLink> OrderLinks => db.Set<OrderLink>();
    }
}

internal sealed class OrderConfiguration : IStoreEntityConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> order)
    {
        order.ToTable("Orders");
        order.HasKey(o => o.Id);
        order.Property(o => o.Id).ValueGeneratedNever();
        order.Property(o => o.Status).HasConversion<string>();
        order.Property(o => o.Product).HasConversion<string>();
        order.Property<int>(StoreDbContext.OrderVersion).IsConcurrencyToken();
        // Only the token's hash is stored: whoever reads the database still cannot open an order's key.
        order.Ignore(o => o.Token);
        order.Property(o => o.TokenHash).HasMaxLength(64);
        order.HasIndex(o => o.TokenHash).IsUnique();
        order.HasIndex(o => o.IdempotencyKey).IsUnique();
        order.HasIndex(o => o.Status);
        order.Ignore(o => o.KeyExpiresAt);
        order.Ignore(o => o.ReservedDates);
        order.Ignore(o => o.Runs);
        order.Ignore(o => o.CreditsPerReservedDate);
        order.Ignore(o => o.NextScheduledRun);
        order.HasMany(o => o.Keys).WithOne().HasForeignKey(k => k.OrderId).OnDelete(DeleteBehavior.Cascade);
        order.Navigation(o => o.Keys).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class OrderKeyConfiguration : IStoreEntityConfiguration<OrderKey>
{
    public void Configure(EntityTypeBuilder<OrderKey> key)
    {
        key.ToTable("OrderKeys");
        key.HasKey(k => k.Id);
        key.Property(k => k.Id).ValueGeneratedNever();
        key.Property(k => k.Status).HasConversion<string>();
        key.HasIndex(k => new { k.OrderId, k.RunNumber }).IsUnique();
        key.HasIndex(k => new { k.Status, k.MintAt });
    }
}

internal sealed class OrderLinkConfiguration : IStoreEntityConfiguration<OrderLink>
{
    public void Configure(EntityTypeBuilder<OrderLink> link)
    {
        link.ToTable("OrderLinks");
        link.HasKey(l => l.Id);
        link.Property(l => l.TokenHash).HasMaxLength(64);
        link.HasIndex(l => l.TokenHash).IsUnique();
        link.HasIndex(l => l.OrderId);
        link.Property(l => l.RequestId).HasMaxLength(64);
        link.HasIndex(l => l.RequestId).IsUnique();
    }
}
