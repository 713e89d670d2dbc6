using CheapTokens.Blazor.Data;
using CheapTokens.Core.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Payments;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class PaymentTables
{
    extension(StoreDbContext db)
    {
        public DbSet<IdempotencyRecord> IdempotencyRecords => db.Set<IdempotencyRecord>();
    }
}

internal sealed class PaymentConfiguration : IStoreEntityConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> payment)
    {
        payment.ToTable("PaymentLedger");
        payment.HasKey(p => p.Id);
        payment.Property(p => p.Id).ValueGeneratedNever();
        payment.Property(p => p.State).HasConversion<string>();
        payment.Property<int>(StoreDbContext.OrderVersion).IsConcurrencyToken();
        payment.Ignore(p => p.IsFinal);
        // One charge per order, and one ledger row per key sent to the processor.
        payment.HasIndex(p => p.OrderId).IsUnique();
        payment.HasIndex(p => p.IdempotencyKey).IsUnique();
        payment.HasIndex(p => p.ChargeId);
        payment.HasIndex(p => new { p.State, p.UpdatedAt });
    }
}

internal sealed class IdempotencyRecordConfiguration : IStoreEntityConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.ToTable("IdempotencyRecords");
        record.HasKey(r => r.Key);
        record.HasIndex(r => r.OrderId);
        record.HasIndex(r => r.CreatedAt);
    }
}
