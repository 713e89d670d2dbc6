using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Payments.Webhooks;

/// <summary>The store database's tables of this folder, as sets on <see cref="StoreDbContext"/>.</summary>
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
