using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Payments.Webhooks;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class WebhookTables
{
    extension(StoreDbContext db)
    {
        /// <summary>Stripe events the webhook accepted, by event id.</summary>
        public DbSet<ReceivedStripeEvent> ReceivedStripeEvents => db.Set<ReceivedStripeEvent>();
    }
}

internal sealed class ReceivedStripeEventConfiguration : IStoreEntityConfiguration<ReceivedStripeEvent>
{
    public void Configure(EntityTypeBuilder<ReceivedStripeEvent> received)
    {
        received.ToTable("ReceivedStripeEvents");
        received.HasKey(e => e.Id);
        received.HasIndex(e => new { e.ProcessedAt, e.NextAttemptAt });
    }
}
