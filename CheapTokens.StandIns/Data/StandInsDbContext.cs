using CheapTokens.StandIns.Facilitator;
using CheapTokens.StandIns.Sandbox;
using CheapTokens.StandIns.Stripe;
using CheapTokens.StandIns.Venice;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.StandIns.Data;

/// <summary>
/// The stand-ins' own state, in the store's database under their own migrations (history table
/// <see cref="StandInsDatabase.MigrationsHistoryTable"/>). Change the model, then
/// <c>scripts/add-migration.sh Name StandInsDbContext</c>.
/// </summary>
public sealed class StandInsDbContext(DbContextOptions<StandInsDbContext> options) : DbContext(options)
{
    /// <summary>The payment sandbox's charges and refunds (only written while the store pays through the sandbox).</summary>
    public DbSet<SandboxCharge> SandboxCharges => Set<SandboxCharge>();

    public DbSet<SandboxRefund> SandboxRefunds => Set<SandboxRefund>();

    /// <summary>The simulated Venice's keys and their daily spend (only used while the install simulates Venice).</summary>
    public DbSet<SimulatedVeniceKey> SimulatedVeniceKeys => Set<SimulatedVeniceKey>();

    public DbSet<SimulatedVeniceSpend> SimulatedVeniceSpend => Set<SimulatedVeniceSpend>();

    /// <summary>The Stripe stand-in's account (only used while the install serves its own Stripe stand-in).</summary>
    public DbSet<StandInPaymentIntent> StandInPaymentIntents => Set<StandInPaymentIntent>();

    public DbSet<StandInRefund> StandInRefunds => Set<StandInRefund>();

    public DbSet<StandInIdempotencyRecord> StandInIdempotencyRecords => Set<StandInIdempotencyRecord>();

    public DbSet<StandInEvent> StandInEvents => Set<StandInEvent>();

    /// <summary>The x402 facilitator stand-in's simulated USDC (only used while the install settles x402 through it).</summary>
    public DbSet<SimulatedUsdcAccount> SimulatedUsdcAccounts => Set<SimulatedUsdcAccount>();

    public DbSet<SimulatedUsdcTransfer> SimulatedUsdcTransfers => Set<SimulatedUsdcTransfer>();

    public DbSet<SimulatedUsdcSettlement> SimulatedUsdcSettlements => Set<SimulatedUsdcSettlement>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.MapInstants(Database);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SandboxCharge>(charge =>
        {
            charge.ToTable("SandboxCharges");
            charge.HasKey(c => c.Id);
            charge.HasIndex(c => c.IdempotencyKey).IsUnique();
            charge.HasIndex(c => c.OrderId);
        });

        modelBuilder.Entity<SandboxRefund>(refund =>
        {
            refund.ToTable("SandboxRefunds");
            refund.HasKey(r => r.Id);
            refund.HasIndex(r => r.IdempotencyKey).IsUnique();
            // One refund per charge, whatever key asks.
            refund.HasIndex(r => r.ChargeId).IsUnique();
        });

        modelBuilder.Entity<SimulatedVeniceKey>(key =>
        {
            key.ToTable("SimulatedVeniceKeys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).ValueGeneratedNever();
            key.HasIndex(k => k.SecretHash).IsUnique();
            key.HasMany(k => k.Spend).WithOne().HasForeignKey(s => s.KeyId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SimulatedVeniceSpend>(spend =>
        {
            spend.ToTable("SimulatedVeniceSpend");
            spend.HasKey(s => new { s.KeyId, s.Day });
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

        modelBuilder.Entity<SimulatedUsdcAccount>(account =>
        {
            account.ToTable("X402StandInAccounts");
            account.HasKey(a => a.Address);
            account.Property(a => a.Address).HasMaxLength(42);
        });

        modelBuilder.Entity<SimulatedUsdcTransfer>(transfer =>
        {
            transfer.ToTable("X402StandInTransfers");
            transfer.HasKey(t => t.Transaction);
            transfer.HasIndex(t => t.Nonce);
            // A refund asked twice is made once.
            transfer.HasIndex(t => t.IdempotencyKey).IsUnique();
        });

        modelBuilder.Entity<SimulatedUsdcSettlement>(settlement =>
        {
            settlement.ToTable("X402StandInSettlements");
            // Each nonce settles once.
            settlement.HasKey(s => s.Nonce);
        });
    }
}
