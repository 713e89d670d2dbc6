using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Payments.StripeStandIn;
using CheapTokens.Blazor.Payments.Webhooks;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Data;

/// <summary>
/// The store's database. Change the model, then generate a migration from it:
/// <c>dotnet ef migrations add Name --project CheapTokens.Blazor --output-dir Data/Migrations</c>.
/// </summary>
public sealed class StoreDbContext(DbContextOptions<StoreDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>Shadow concurrency token on orders and payments: two writers racing on one row cannot both win.</summary>
    public const string OrderVersion = "Version";

    public DbSet<Quote> Quotes => Set<Quote>();

    public DbSet<QuoteDate> QuoteDates => Set<QuoteDate>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderKey> OrderKeys => Set<OrderKey>();

    /// <summary>The store's payment ledger (table PaymentLedger): one row per order's charge, with its refund.</summary>
    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<DailySale> DailySales => Set<DailySale>();

    /// <summary>Unpaid in-page orders holding supply, with their buyer, and open holds per buyer.</summary>
    public DbSet<Supply.UnpaidHold> UnpaidHolds => Set<Supply.UnpaidHold>();

    public DbSet<Supply.UnpaidHoldCount> UnpaidHoldCounts => Set<Supply.UnpaidHoldCount>();

    /// <summary>Declined payments per quote and per client address, for every node.</summary>
    public DbSet<Security.FailedPaymentCount> FailedPaymentCounts => Set<Security.FailedPaymentCount>();

    /// <summary>Every pause and resume of sales; the newest row is the state now.</summary>
    public DbSet<SalesPauseChange> SalesPauses => Set<SalesPauseChange>();

    /// <summary>Pricing versions saved from the console; the newest is in force (appsettings.json gives the first).</summary>
    public DbSet<Pricing.PricingVersion> PricingVersions => Set<Pricing.PricingVersion>();

    /// <summary>Venice keys minted ahead, waiting for orders.</summary>
    public DbSet<PoolKey> PoolKeys => Set<PoolKey>();

    /// <summary>Venice key-management calls made for orders, for their timelines (no secrets).</summary>
    public DbSet<Venice.VeniceCall> VeniceCalls => Set<Venice.VeniceCall>();

    /// <summary>Order links issued after the first (a receipt sent again), by hash, and earlier links they replaced.</summary>
    public DbSet<Orders.OrderLink> OrderLinks => Set<Orders.OrderLink>();

    /// <summary>The Stripe stand-in's account (only used while Payments:Stripe:StandIn:Enabled).</summary>
    public DbSet<StandInPaymentIntent> StandInPaymentIntents => Set<StandInPaymentIntent>();

    public DbSet<StandInRefund> StandInRefunds => Set<StandInRefund>();

    public DbSet<StandInIdempotencyRecord> StandInIdempotencyRecords => Set<StandInIdempotencyRecord>();

    public DbSet<StandInEvent> StandInEvents => Set<StandInEvent>();

    /// <summary>Stripe events the webhook accepted, by event id.</summary>
    public DbSet<ReceivedStripeEvent> ReceivedStripeEvents => Set<ReceivedStripeEvent>();

    /// <summary>The data-protection key ring when several nodes share this database (PostgreSQL); unused on SQLite.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Venice key creations of the last minutes per account, the budget every node shares (PostgreSQL).</summary>
    public DbSet<KeyCreationSlot> KeyCreationSlots => Set<KeyCreationSlot>();

    /// <summary>Active Venice keys per account as all nodes know them (PostgreSQL).</summary>
    public DbSet<VeniceAccountTally> VeniceAccountTallies => Set<VeniceAccountTally>();

    /// <summary>The price board's shared figures, one row per second (PostgreSQL).</summary>
    public DbSet<LivePrices.BoardSecond> BoardSeconds => Set<LivePrices.BoardSecond>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpOrderVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpOrderVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.MapInstants(Database);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // decimal maps to TEXT on SQLite, which keeps money exact; no query orders or sums by it.
        modelBuilder.Entity<Quote>(quote =>
        {
            quote.ToTable("Quotes");
            quote.HasKey(q => q.Id);
            quote.Property(q => q.Id).ValueGeneratedNever();
            quote.Property(q => q.Product).HasConversion<string>();
            quote.Ignore(q => q.SupplyDate);
            quote.HasIndex(q => q.UsedByOrderId);
            quote.HasMany(q => q.Dates).WithOne().HasForeignKey(d => d.QuoteId).OnDelete(DeleteBehavior.Cascade);
            quote.Navigation(q => q.Dates).UsePropertyAccessMode(PropertyAccessMode.Field);
        });

        modelBuilder.Entity<QuoteDate>(date =>
        {
            date.ToTable("QuoteDates");
            date.HasKey(d => new { d.QuoteId, d.Date });
        });

        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("Orders");
            order.HasKey(o => o.Id);
            order.Property(o => o.Id).ValueGeneratedNever();
            order.Property(o => o.Status).HasConversion<string>();
            order.Property(o => o.Product).HasConversion<string>();
            order.Property<int>(OrderVersion).IsConcurrencyToken();
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
        });

        modelBuilder.Entity<OrderKey>(key =>
        {
            key.ToTable("OrderKeys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).ValueGeneratedNever();
            key.Property(k => k.Status).HasConversion<string>();
            key.HasIndex(k => new { k.OrderId, k.RunNumber }).IsUnique();
            key.HasIndex(k => new { k.Status, k.MintAt });
        });

        modelBuilder.Entity<Payment>(payment =>
        {
            payment.ToTable("PaymentLedger");
            payment.HasKey(p => p.Id);
            payment.Property(p => p.Id).ValueGeneratedNever();
            payment.Property(p => p.State).HasConversion<string>();
            payment.Property<int>(OrderVersion).IsConcurrencyToken();
            payment.Ignore(p => p.IsFinal);
            // One charge per order, and one ledger row per key sent to the processor.
            payment.HasIndex(p => p.OrderId).IsUnique();
            payment.HasIndex(p => p.IdempotencyKey).IsUnique();
            payment.HasIndex(p => p.ChargeId);
            payment.HasIndex(p => new { p.State, p.UpdatedAt });
        });

        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("IdempotencyRecords");
            record.HasKey(r => r.Key);
            record.HasIndex(r => r.OrderId);
            record.HasIndex(r => r.CreatedAt);
        });

        modelBuilder.Entity<DailySale>(sale =>
        {
            sale.ToTable("DailySales");
            sale.HasKey(s => s.Date);
        });

        modelBuilder.Entity<Venice.VeniceCall>(call =>
        {
            call.ToTable("VeniceCalls");
            call.HasKey(c => c.Id);
            call.Property(c => c.Operation).HasMaxLength(16);
            call.Property(c => c.VeniceKeyId).HasMaxLength(128);
            call.Property(c => c.Outcome).HasMaxLength(32);
            call.Property(c => c.Error).HasMaxLength(Venice.VeniceCall.MaxErrorLength);
            call.HasIndex(c => c.OrderId);
            call.HasIndex(c => c.At);
        });

        modelBuilder.Entity<Orders.OrderLink>(link =>
        {
            link.ToTable("OrderLinks");
            link.HasKey(l => l.Id);
            link.Property(l => l.TokenHash).HasMaxLength(64);
            link.HasIndex(l => l.TokenHash).IsUnique();
            link.HasIndex(l => l.OrderId);
            link.Property(l => l.RequestId).HasMaxLength(64);
            link.HasIndex(l => l.RequestId).IsUnique();
        });

        modelBuilder.Entity<SalesPauseChange>(change =>
        {
            change.ToTable("SalesPauses");
            change.HasKey(c => c.Id);
        });

        modelBuilder.Entity<Pricing.PricingVersion>(version =>
        {
            version.ToTable("PricingVersions");
            version.HasKey(v => v.Id);
        });

        modelBuilder.Entity<PoolKey>(key =>
        {
            key.ToTable("PoolKeys");
            key.HasKey(p => p.Id);
            key.Property(p => p.Id).ValueGeneratedNever();
            // One key per run: a run holds at most one claim that was not discarded.
            key.HasIndex(p => p.ClaimedByOrderKeyId).IsUnique().HasFilter("\"ClaimedByOrderKeyId\" IS NOT NULL AND \"DiscardedAt\" IS NULL");
            key.HasIndex(p => new { p.ExpiresAt, p.ClaimedByOrderKeyId });
            key.HasIndex(p => p.VeniceKeyId).IsUnique();
        });

        modelBuilder.Entity<StandInPaymentIntent>(intent =>
        {
            intent.ToTable("StripeStandInPaymentIntents");
            intent.HasKey(i => i.Id);
            intent.HasIndex(i => i.OrderId);
            intent.HasIndex(i => i.ClientSecret).IsUnique();
        });

        modelBuilder.Entity<StandInRefund>(refund =>
        {
            refund.ToTable("StripeStandInRefunds");
            refund.HasKey(r => r.Id);
            refund.HasIndex(r => r.PaymentIntentId);
        });

        modelBuilder.Entity<StandInIdempotencyRecord>(record =>
        {
            record.ToTable("StripeStandInIdempotencyKeys");
            record.HasKey(r => r.Key);
        });

        modelBuilder.Entity<StandInEvent>(stripeEvent =>
        {
            stripeEvent.ToTable("StripeStandInEvents");
            stripeEvent.HasKey(e => e.Id);
            stripeEvent.HasIndex(e => e.Sequence).IsUnique();
            stripeEvent.HasIndex(e => new { e.DeliveredAt, e.Abandoned, e.NextAttemptAt });
        });

        modelBuilder.Entity<DataProtectionKey>(key => key.ToTable("DataProtectionKeys"));

        modelBuilder.Entity<OrderLease>(lease =>
        {
            lease.ToTable("OrderLeases");
            lease.HasKey(l => l.OrderId);
            lease.Property(l => l.OrderId).ValueGeneratedNever();
        });

        modelBuilder.Entity<KeyCreationSlot>(slot =>
        {
            slot.ToTable("KeyCreationSlots");
            slot.HasKey(s => s.Id);
            slot.HasIndex(s => new { s.Account, s.TakenAtUnixMs });
        });

        modelBuilder.Entity<VeniceAccountTally>(tally =>
        {
            tally.ToTable("VeniceAccountTallies");
            tally.HasKey(t => t.Account);
        });

        modelBuilder.Entity<LivePrices.BoardSecond>(second =>
        {
            second.ToTable("BoardSeconds");
            second.HasKey(b => b.UnixSecond);
            second.Property(b => b.UnixSecond).ValueGeneratedNever();
        });

        modelBuilder.Entity<ReceivedStripeEvent>(received =>
        {
            received.ToTable("ReceivedStripeEvents");
            received.HasKey(e => e.Id);
            received.HasIndex(e => new { e.ProcessedAt, e.NextAttemptAt });
        });

        modelBuilder.Entity<Supply.UnpaidHold>(hold =>
        {
            hold.ToTable("UnpaidHolds");
            hold.HasKey(h => h.OrderId);
            hold.Property(h => h.OrderId).ValueGeneratedNever();
            hold.Property(h => h.ClientAddress).HasMaxLength(64);
            hold.Property(h => h.Email).HasMaxLength(320);
        });

        modelBuilder.Entity<Supply.UnpaidHoldCount>(count =>
        {
            count.ToTable("UnpaidHoldCounts");
            count.HasKey(c => c.Key);
            count.Property(c => c.Key).HasMaxLength(400);
        });

        modelBuilder.Entity<Security.FailedPaymentCount>(count =>
        {
            count.ToTable("FailedPaymentCounts");
            count.HasKey(c => c.Key);
            count.Property(c => c.Key).HasMaxLength(100);
            count.HasIndex(c => c.WindowEndsAt);
        });
    }

    private void BumpOrderVersions()
    {
        // Every transition touches UpdatedAt, so any change to an order or a payment shows up as Modified.
        foreach (var entry in ChangeTracker.Entries().Where(e => e.Entity is Order or Payment))
        {
            if (entry.State == EntityState.Modified)
            {
                var version = entry.Property(OrderVersion);
                version.CurrentValue = (int)version.OriginalValue! + 1;
            }
        }
    }
}
