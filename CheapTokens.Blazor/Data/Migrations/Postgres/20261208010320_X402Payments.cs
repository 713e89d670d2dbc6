using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.Blazor.Data.Migrations.Postgres
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
                    Nonce = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    QuoteId = table.Column<Guid>(type: "uuid", nullable: false),
                    Network = table.Column<string>(type: "text", nullable: false),
                    Payer = table.Column<string>(type: "text", nullable: false),
                    AtomicAmount = table.Column<long>(type: "bigint", nullable: false),
                    PaymentJson = table.Column<string>(type: "text", nullable: false),
                    RequirementJson = table.Column<string>(type: "text", nullable: false),
                    SettlementAskedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Transaction = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_X402Authorizations", x => x.Nonce);
                });

            migrationBuilder.CreateTable(
                name: "X402Offers",
                columns: table => new
                {
                    QuoteId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestFingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AtomicAmount = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
