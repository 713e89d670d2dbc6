using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Payments.StripeStandIn;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class StripeStandInTables
{
    extension(StoreDbContext db)
    {
        /// <summary>The Stripe stand-in's account (only used while Payments:Stripe:StandIn:Enabled).</summary>
        public DbSet<StandInPaymentIntent> StandInPaymentIntents => db.Set<StandInPaymentIntent>();

        public DbSet<StandInRefund> StandInRefunds => db.Set<StandInRefund>();

        public DbSet<StandInIdempotencyRecord> StandInIdempotencyRecords => db.Set<StandInIdempotencyRecord>();

        public DbSet<StandInEvent> StandInEvents => db.Set<StandInEvent>();
    }
}

internal sealed class StandInPaymentIntentConfiguration : IStoreEntityConfiguration<StandInPaymentIntent>
{
    public void Configure(EntityTypeBuilder<StandInPaymentIntent> intent)
    {
        intent.ToTable("StripeStandInPaymentIntents");
        intent.HasKey(i => i.Id);
        intent.HasIndex(i => i.OrderId);
        intent.HasIndex(i => i.ClientSecret).IsUnique();
    }
}

internal sealed class StandInRefundConfiguration : IStoreEntityConfiguration<StandInRefund>
{
    public void Configure(EntityTypeBuilder<StandInRefund> refund)
    {
        refund.ToTable("StripeStandInRefunds");
        refund.HasKey(r => r.Id);
        refund.HasIndex(r => r.PaymentIntentId);
    }
}

internal sealed class StandInIdempotencyRecordConfiguration : IStoreEntityConfiguration<StandInIdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<StandInIdempotencyRecord> record)
    {
        record.ToTable("StripeStandInIdempotencyKeys");
        record.HasKey(r => r.Key);
    }
}

internal sealed class StandInEventConfiguration : IStoreEntityConfiguration<StandInEvent>
{
    public void Configure(EntityTypeBuilder<StandInEvent> stripeEvent)
    {
        stripeEvent.ToTable("StripeStandInEvents");
        stripeEvent.HasKey(e => e.Id);
        stripeEvent.HasIndex(e => e.Sequence).IsUnique();
        stripeEvent.HasIndex(e => new { e.DeliveredAt, e.Abandoned, e.NextAttemptAt });
    }
}
