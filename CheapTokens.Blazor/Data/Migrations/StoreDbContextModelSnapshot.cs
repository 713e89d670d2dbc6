using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CheapTokens.Blazor.Data.Migrations;

/// <summary>
/// The model as of the latest migration, written by hand. EF compares it with the live model at start-up;
/// StoreDatabaseTests fail when they drift, which means a migration is missing.
/// </summary>
[DbContext(typeof(StoreDbContext))]
public sealed class StoreDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder.HasAnnotation("ProductVersion", "9.0.22");

        modelBuilder.Entity("CheapTokens.Blazor.Data.DailySale", b =>
        {
            b.Property<DateOnly>("Date").HasColumnType("TEXT");
            b.Property<int>("Sold").HasColumnType("INTEGER");
            b.HasKey("Date");
            b.ToTable("DailySales");
        });

        modelBuilder.Entity("CheapTokens.Blazor.Data.PaymentRecord", b =>
        {
            b.Property<Guid>("Id").HasColumnType("TEXT");
            b.Property<decimal>("Amount").HasColumnType("TEXT");
            b.Property<string>("ChargeId").HasColumnType("TEXT");
            b.Property<string>("CreatedAt").IsRequired().HasColumnType("TEXT");
            b.Property<string>("FailureCode").HasColumnType("TEXT");
            b.Property<string>("IdempotencyKey").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Kind").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Message").HasColumnType("TEXT");
            b.Property<string>("Method").HasColumnType("TEXT");
            b.Property<Guid?>("OrderId").HasColumnType("TEXT");
            b.Property<string>("RefundId").HasColumnType("TEXT");
            b.Property<bool>("Retryable").HasColumnType("INTEGER");
            b.Property<bool>("Succeeded").HasColumnType("INTEGER");
            b.HasKey("Id");
            b.HasIndex("ChargeId");
            b.HasIndex("OrderId");
            b.HasIndex("Kind", "IdempotencyKey").IsUnique().HasFilter("\"Retryable\" = 0");
            b.ToTable("Payments");
        });

        modelBuilder.Entity("CheapTokens.Blazor.Venice.Simulator.SimulatedVeniceKey", b =>
        {
            b.Property<string>("Id").HasColumnType("TEXT");
            b.Property<string>("CreatedAt").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Description").IsRequired().HasColumnType("TEXT");
            b.Property<decimal?>("DiemLimit").HasColumnType("TEXT");
            b.Property<string>("ExpiresAt").HasColumnType("TEXT");
            b.Property<string>("Last6Chars").IsRequired().HasColumnType("TEXT");
            b.Property<string>("LastUsedAt").HasColumnType("TEXT");
            b.Property<string>("LimitPeriod").HasColumnType("TEXT");
            b.Property<string>("RevokedAt").HasColumnType("TEXT");
            b.Property<string>("SecretHash").IsRequired().HasColumnType("TEXT");
            b.Property<decimal?>("UsdLimit").HasColumnType("TEXT");
            b.HasKey("Id");
            b.HasIndex("SecretHash").IsUnique();
            b.ToTable("SimulatedVeniceKeys");
        });

        modelBuilder.Entity("CheapTokens.Blazor.Venice.Simulator.SimulatedVeniceSpend", b =>
        {
            b.Property<string>("KeyId").HasColumnType("TEXT");
            b.Property<DateOnly>("Day").HasColumnType("TEXT");
            b.Property<decimal>("Diem").HasColumnType("TEXT");
            b.Property<decimal>("Usd").HasColumnType("TEXT");
            b.HasKey("KeyId", "Day");
            b.ToTable("SimulatedVeniceSpend");
        });

        modelBuilder.Entity("CheapTokens.Core.Orders.Order", b =>
        {
            b.Property<Guid>("Id").HasColumnType("TEXT");
            b.Property<string>("ChargeId").HasColumnType("TEXT");
            b.Property<string>("CreatedAt").IsRequired().HasColumnType("TEXT");
            b.Property<int>("Credits").HasColumnType("INTEGER");
            b.Property<string>("Email").IsRequired().HasColumnType("TEXT");
            b.Property<string>("FailedAt").HasColumnType("TEXT");
            b.Property<string>("FailureCode").HasColumnType("TEXT");
            b.Property<string>("FailureReason").HasColumnType("TEXT");
            b.Property<string>("FulfilledAt").HasColumnType("TEXT");
            b.Property<string>("IdempotencyKey").IsRequired().HasColumnType("TEXT");
            b.Property<string>("PaidAt").HasColumnType("TEXT");
            b.Property<int?>("DiemPerDay").HasColumnType("INTEGER");
            b.Property<string>("PaymentMethod").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Product").IsRequired().HasColumnType("TEXT");
            b.Property<Guid>("QuoteId").HasColumnType("TEXT");
            b.Property<string>("RefundId").HasColumnType("TEXT");
            b.Property<string>("RefundedAt").HasColumnType("TEXT");
            b.Property<string>("Status").IsRequired().HasColumnType("TEXT");
            b.Property<DateOnly>("SupplyDate").HasColumnType("TEXT");
            b.Property<string>("Token").IsRequired().HasColumnType("TEXT");
            b.Property<decimal>("Total").HasColumnType("TEXT");
            b.Property<decimal>("UnitPrice").HasColumnType("TEXT");
            b.Property<string>("UpdatedAt").IsRequired().HasColumnType("TEXT");
            b.Property<int>("Version").IsConcurrencyToken().HasColumnType("INTEGER");
            b.HasKey("Id");
            b.HasIndex("IdempotencyKey").IsUnique();
            b.HasIndex("Status");
            b.HasIndex("Token").IsUnique();
            b.ToTable("Orders");
        });

        modelBuilder.Entity("CheapTokens.Core.Orders.OrderKey", b =>
        {
            b.Property<Guid>("Id").HasColumnType("TEXT");
            b.Property<string>("ApiKeyHint").HasColumnType("TEXT");
            b.Property<int>("Credits").HasColumnType("INTEGER");
            b.Property<DateOnly>("DateFrom").HasColumnType("TEXT");
            b.Property<DateOnly>("DateTo").HasColumnType("TEXT");
            b.Property<string>("ExpiresAt").IsRequired().HasColumnType("TEXT");
            b.Property<string>("MintAt").IsRequired().HasColumnType("TEXT");
            b.Property<string>("MintedAt").HasColumnType("TEXT");
            b.Property<Guid>("OrderId").HasColumnType("TEXT");
            b.Property<string>("ProtectedApiKey").HasColumnType("TEXT");
            b.Property<string>("ProvisioningStartedAt").HasColumnType("TEXT");
            b.Property<int>("RunNumber").HasColumnType("INTEGER");
            b.Property<string>("Status").IsRequired().HasColumnType("TEXT");
            b.Property<string>("VeniceKeyId").HasColumnType("TEXT");
            b.HasKey("Id");
            b.HasIndex("OrderId", "RunNumber").IsUnique();
            b.HasIndex("Status", "MintAt");
            b.ToTable("OrderKeys");
        });

        modelBuilder.Entity("CheapTokens.Core.Orders.Quote", b =>
        {
            b.Property<Guid>("Id").HasColumnType("TEXT");
            b.Property<string>("CreatedAt").IsRequired().HasColumnType("TEXT");
            b.Property<int>("Credits").HasColumnType("INTEGER");
            b.Property<int?>("DiemPerDay").HasColumnType("INTEGER");
            b.Property<string>("ExpiresAt").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Product").IsRequired().HasColumnType("TEXT");
            b.Property<decimal>("Total").HasColumnType("TEXT");
            b.Property<decimal>("UnitPrice").HasColumnType("TEXT");
            b.HasKey("Id");
            b.ToTable("Quotes");
        });

        modelBuilder.Entity("CheapTokens.Core.Orders.QuoteDate", b =>
        {
            b.Property<Guid>("QuoteId").HasColumnType("TEXT");
            b.Property<DateOnly>("Date").HasColumnType("TEXT");
            b.Property<decimal>("Price").HasColumnType("TEXT");
            b.Property<decimal>("UnitPrice").HasColumnType("TEXT");
            b.HasKey("QuoteId", "Date");
            b.ToTable("QuoteDates");
        });

        modelBuilder.Entity("CheapTokens.Blazor.Venice.Simulator.SimulatedVeniceSpend", b =>
        {
            b.HasOne("CheapTokens.Blazor.Venice.Simulator.SimulatedVeniceKey", null)
                .WithMany("Spend")
                .HasForeignKey("KeyId")
                .OnDelete(DeleteBehavior.Cascade)
                .IsRequired();
        });

        modelBuilder.Entity("CheapTokens.Core.Orders.OrderKey", b =>
        {
            b.HasOne("CheapTokens.Core.Orders.Order", null)
                .WithMany("Keys")
                .HasForeignKey("OrderId")
                .OnDelete(DeleteBehavior.Cascade)
                .IsRequired();
        });

        modelBuilder.Entity("CheapTokens.Core.Orders.QuoteDate", b =>
        {
            b.HasOne("CheapTokens.Core.Orders.Quote", null)
                .WithMany("Dates")
                .HasForeignKey("QuoteId")
                .OnDelete(DeleteBehavior.Cascade)
                .IsRequired();
        });

        modelBuilder.Entity("CheapTokens.Blazor.Venice.Simulator.SimulatedVeniceKey", b => b.Navigation("Spend"));
        modelBuilder.Entity("CheapTokens.Core.Orders.Order", b => b.Navigation("Keys"));
        modelBuilder.Entity("CheapTokens.Core.Orders.Quote", b => b.Navigation("Dates"));
    }
}
