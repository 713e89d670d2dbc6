using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.StandIns.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StripeStandInTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StripeStandInEvents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "text", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Abandoned = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StripeStandInEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StripeStandInIdempotencyKeys",
                columns: table => new
                {
                    Key = table.Column<string>(type: "text", nullable: false),
                    Fingerprint = table.Column<string>(type: "text", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: false),
                    ResponseBody = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StripeStandInIdempotencyKeys", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "StripeStandInPaymentIntents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    MetadataJson = table.Column<string>(type: "text", nullable: false),
                    OrderId = table.Column<string>(type: "text", nullable: true),
                    ClientSecret = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    PaymentMethod = table.Column<string>(type: "text", nullable: true),
                    LatestCharge = table.Column<string>(type: "text", nullable: true),
                    AmountReceived = table.Column<long>(type: "bigint", nullable: false),
                    AmountRefunded = table.Column<long>(type: "bigint", nullable: false),
                    LastErrorCode = table.Column<string>(type: "text", nullable: true),
                    LastErrorDeclineCode = table.Column<string>(type: "text", nullable: true),
                    LastErrorMessage = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StripeStandInPaymentIntents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StripeStandInRefunds",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    PaymentIntentId = table.Column<string>(type: "text", nullable: false),
                    ChargeId = table.Column<string>(type: "text", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    MetadataJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StripeStandInRefunds", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StripeStandInEvents_DeliveredAt_Abandoned_NextAttemptAt",
                table: "StripeStandInEvents",
                columns: new[] { "DeliveredAt", "Abandoned", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_StripeStandInEvents_Sequence",
                table: "StripeStandInEvents",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StripeStandInPaymentIntents_ClientSecret",
                table: "StripeStandInPaymentIntents",
                column: "ClientSecret",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StripeStandInPaymentIntents_OrderId",
                table: "StripeStandInPaymentIntents",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_StripeStandInRefunds_PaymentIntentId",
                table: "StripeStandInRefunds",
                column: "PaymentIntentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StripeStandInEvents");

            migrationBuilder.DropTable(
                name: "StripeStandInIdempotencyKeys");

            migrationBuilder.DropTable(
                name: "StripeStandInPaymentIntents");

            migrationBuilder.DropTable(
                name: "StripeStandInRefunds");
        }
    }
}
