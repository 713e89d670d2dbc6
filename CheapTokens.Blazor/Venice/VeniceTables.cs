using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Venice;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class VeniceTables
{
    extension(StoreDbContext db)
    {
        /// <summary>Venice key-management calls made for orders, for their timelines (no secrets).</summary>
        public DbSet<VeniceCall> VeniceCalls => db.Set<VeniceCall>();
    }
}

internal sealed class VeniceCallConfiguration : IStoreEntityConfiguration<VeniceCall>
{
    public void Configure(EntityTypeBuilder<VeniceCall> call)
    {
        call.ToTable("VeniceCalls");
        call.HasKey(c => c.Id);
        call.Property(c => c.Operation).HasMaxLength(16);
        call.Property(c => c.VeniceKeyId).HasMaxLength(128);
        call.Property(c => c.Outcome).HasMaxLength(32);
        call.Property(c => c.Error).HasMaxLength(VeniceCall.MaxErrorLength);
        call.HasIndex(c => c.OrderId);
        call.HasIndex(c => c.At);
    }
}
