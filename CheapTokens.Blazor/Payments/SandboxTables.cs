using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Payments;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class SandboxTables
{
    extension(StoreDbContext db)
    {
        /// <summary>The sandbox processor's own state (only written while Payments:Processor is Sandbox).</summary>
        public DbSet<SandboxCharge> SandboxCharges => db.Set<SandboxCharge>();

        public DbSet<SandboxRefund> SandboxRefunds => db.Set<SandboxRefund>();
    }
}

internal sealed class SandboxChargeConfiguration : IStoreEntityConfiguration<SandboxCharge>
{
    public void Configure(EntityTypeBuilder<SandboxCharge> charge)
    {
        charge.ToTable("SandboxCharges");
        charge.HasKey(c => c.Id);
        charge.HasIndex(c => c.IdempotencyKey).IsUnique();
        charge.HasIndex(c => c.OrderId);
    }
}

internal sealed class SandboxRefundConfiguration : IStoreEntityConfiguration<SandboxRefund>
{
    public void Configure(EntityTypeBuilder<SandboxRefund> refund)
    {
        refund.ToTable("SandboxRefunds");
        refund.HasKey(r => r.Id);
        refund.HasIndex(r => r.IdempotencyKey).IsUnique();
        // One refund per charge, whatever key asks.
        refund.HasIndex(r => r.ChargeId).IsUnique();
    }
}
