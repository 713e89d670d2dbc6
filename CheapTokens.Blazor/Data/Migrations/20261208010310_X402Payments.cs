using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class X402Payments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "X402Authorizations",
                columns: table => new
                {
                    Nonce = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QuoteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Network = table.Column<string>(type: "TEXT", nullable: false),
                    Payer = table.Column<string>(type: "TEXT", nullable: false),
                    AtomicAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    PaymentJson = table.Column<string>(type: "TEXT", nullable: false),
                    RequirementJson = table.Column<string>(type: "TEXT", nullable: false),
                    SettlementAskedAt = table.Column<string>(type: "TEXT", nullable: true),
                    Transaction = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_X402Authorizations", x => x.Nonce);
                });

            migrationBuilder.CreateTable(
                name: "X402Offers",
                columns: table => new
                {
                    QuoteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestFingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AtomicAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_X402Offers", x => x.QuoteId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_X402Authorizations_OrderId",
                table: "X402Authorizations",
                column: "OrderId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_X402Authorizations_Transaction",
                table: "X402Authorizations",
                column: "Transaction");

            migrationBuilder.CreateIndex(
                name: "IX_X402Offers_ExpiresAt",
                table: "X402Offers",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_X402Offers_RequestFingerprint_AtomicAmount",
                table: "X402Offers",
                columns: new[] { "RequestFingerprint", "AtomicAmount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "X402Authorizations");

            migrationBuilder.DropTable(
                name: "X402Offers");
        }
    }
}
