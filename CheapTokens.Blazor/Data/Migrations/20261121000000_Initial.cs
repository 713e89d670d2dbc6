using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CheapTokens.Blazor.Data.Migrations;

/// <summary>First schema. Written by hand (no EF design tools here); keep it in step with the model snapshot.</summary>
[DbContext(typeof(StoreDbContext))]
[Migration("20261121000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Quotes",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                Credits = table.Column<int>(type: "INTEGER", nullable: false),
                UnitPrice = table.Column<decimal>(type: "TEXT", nullable: false),
                Total = table.Column<decimal>(type: "TEXT", nullable: false),
                CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                ExpiresAt = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Quotes", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Orders",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                Token = table.Column<string>(type: "TEXT", nullable: false),
                IdempotencyKey = table.Column<string>(type: "TEXT", nullable: false),
                QuoteId = table.Column<Guid>(type: "TEXT", nullable: false),
                Email = table.Column<string>(type: "TEXT", nullable: false),
                PaymentMethod = table.Column<string>(type: "TEXT", nullable: false),
                Credits = table.Column<int>(type: "INTEGER", nullable: false),
                UnitPrice = table.Column<decimal>(type: "TEXT", nullable: false),
                Total = table.Column<decimal>(type: "TEXT", nullable: false),
                SupplyDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                Status = table.Column<string>(type: "TEXT", nullable: false),
                CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                UpdatedAt = table.Column<string>(type: "TEXT", nullable: false),
                PaidAt = table.Column<string>(type: "TEXT", nullable: true),
                ChargeId = table.Column<string>(type: "TEXT", nullable: true),
                FailureCode = table.Column<string>(type: "TEXT", nullable: true),
                FailureReason = table.Column<string>(type: "TEXT", nullable: true),
                FulfilledAt = table.Column<string>(type: "TEXT", nullable: true),
                FailedAt = table.Column<string>(type: "TEXT", nullable: true),
                RefundId = table.Column<string>(type: "TEXT", nullable: true),
                RefundedAt = table.Column<string>(type: "TEXT", nullable: true),
                Version = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Orders", x => x.Id));

        migrationBuilder.CreateTable(
            name: "OrderKeys",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                RunNumber = table.Column<int>(type: "INTEGER", nullable: false),
                DateFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                DateTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                Credits = table.Column<int>(type: "INTEGER", nullable: false),
                MintAt = table.Column<string>(type: "TEXT", nullable: false),
                ExpiresAt = table.Column<string>(type: "TEXT", nullable: false),
                Status = table.Column<string>(type: "TEXT", nullable: false),
                VeniceKeyId = table.Column<string>(type: "TEXT", nullable: true),
                ProtectedApiKey = table.Column<string>(type: "TEXT", nullable: true),
                ApiKeyHint = table.Column<string>(type: "TEXT", nullable: true),
                MintedAt = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OrderKeys", x => x.Id);
                table.ForeignKey(
                    name: "FK_OrderKeys_Orders_OrderId",
                    column: x => x.OrderId,
                    principalTable: "Orders",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Payments",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                Kind = table.Column<string>(type: "TEXT", nullable: false),
                OrderId = table.Column<Guid>(type: "TEXT", nullable: true),
                IdempotencyKey = table.Column<string>(type: "TEXT", nullable: false),
                Method = table.Column<string>(type: "TEXT", nullable: true),
                Amount = table.Column<decimal>(type: "TEXT", nullable: false),
                Succeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                Retryable = table.Column<bool>(type: "INTEGER", nullable: false),
                FailureCode = table.Column<string>(type: "TEXT", nullable: true),
                Message = table.Column<string>(type: "TEXT", nullable: true),
                ChargeId = table.Column<string>(type: "TEXT", nullable: true),
                RefundId = table.Column<string>(type: "TEXT", nullable: true),
                CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Payments", x => x.Id));

        migrationBuilder.CreateTable(
            name: "DailySales",
            columns: table => new
            {
                Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                Sold = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_DailySales", x => x.Date));

        migrationBuilder.CreateIndex(name: "IX_Orders_IdempotencyKey", table: "Orders", column: "IdempotencyKey", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Orders_Status", table: "Orders", column: "Status");
        migrationBuilder.CreateIndex(name: "IX_Orders_Token", table: "Orders", column: "Token", unique: true);
        migrationBuilder.CreateIndex(name: "IX_OrderKeys_OrderId_RunNumber", table: "OrderKeys", columns: ["OrderId", "RunNumber"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_OrderKeys_Status_MintAt", table: "OrderKeys", columns: ["Status", "MintAt"]);
        migrationBuilder.CreateIndex(name: "IX_Payments_ChargeId", table: "Payments", column: "ChargeId");
        migrationBuilder.CreateIndex(
            name: "IX_Payments_Kind_IdempotencyKey",
            table: "Payments",
            columns: ["Kind", "IdempotencyKey"],
            unique: true,
            filter: "\"Retryable\" = 0");
        migrationBuilder.CreateIndex(name: "IX_Payments_OrderId", table: "Payments", column: "OrderId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "DailySales");
        migrationBuilder.DropTable(name: "OrderKeys");
        migrationBuilder.DropTable(name: "Payments");
        migrationBuilder.DropTable(name: "Quotes");
        migrationBuilder.DropTable(name: "Orders");
    }
}
