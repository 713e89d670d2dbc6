using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.StandIns.Data.Migrations
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
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    NextAttemptAt = table.Column<string>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    DeliveredAt = table.Column<string>(type: "TEXT", nullable: true),
                    Abandoned = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StripeStandInEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StripeStandInIdempotencyKeys",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: false),
                    ResponseBody = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StripeStandInIdempotencyKeys", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "StripeStandInPaymentIntents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    MetadataJson = table.Column<string>(type: "TEXT", nullable: false),
                    OrderId = table.Column<string>(type: "TEXT", nullable: true),
                    ClientSecret = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    PaymentMethod = table.Column<string>(type: "TEXT", nullable: true),
                    LatestCharge = table.Column<string>(type: "TEXT", nullable: true),
                    AmountReceived = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountRefunded = table.Column<long>(type: "INTEGER", nullable: false),
                    LastErrorCode = table.Column<string>(type: "TEXT", nullable: true),
                    LastErrorDeclineCode = table.Column<string>(type: "TEXT", nullable: true),
                    LastErrorMessage = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StripeStandInPaymentIntents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StripeStandInRefunds",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PaymentIntentId = table.Column<string>(type: "TEXT", nullable: false),
                    ChargeId = table.Column<string>(type: "TEXT", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    MetadataJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false)
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
