using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CheapTokens.Blazor.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DailySales",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Sold = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailySales", x => x.Date);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyRecords",
                columns: table => new
                {
                    Key = table.Column<string>(type: "text", nullable: false),
                    Fingerprint = table.Column<string>(type: "text", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProtectedToken = table.Column<string>(type: "text", nullable: true),
                    ResponseStatus = table.Column<int>(type: "integer", nullable: true),
                    ProtectedResponse = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<string>(type: "text", nullable: false),
                    CompletedAt = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyRecords", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "OrderLeases",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Node = table.Column<string>(type: "text", nullable: false),
                    Until = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderLeases", x => x.OrderId);
                });

            migrationBuilder.CreateTable(
                name: "Orders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "text", nullable: false),
                    QuoteId = table.Column<Guid>(type: "uuid", nullable: false),
                    Email = table.Column<string>(type: "text", nullable: false),
                    PaymentMethod = table.Column<string>(type: "text", nullable: false),
                    Product = table.Column<string>(type: "text", nullable: false),
                    Credits = table.Column<int>(type: "integer", nullable: false),
                    DiemPerDay = table.Column<int>(type: "integer", nullable: true),
                    UnitPrice = table.Column<decimal>(type: "numeric", nullable: false),
                    Total = table.Column<decimal>(type: "numeric", nullable: false),
                    SupplyDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<string>(type: "text", nullable: false),
                    PaidAt = table.Column<string>(type: "text", nullable: true),
                    ChargeId = table.Column<string>(type: "text", nullable: true),
                    FailureCode = table.Column<string>(type: "text", nullable: true),
                    FailureReason = table.Column<string>(type: "text", nullable: true),
                    FulfilledAt = table.Column<string>(type: "text", nullable: true),
                    FailedAt = table.Column<string>(type: "text", nullable: true),
                    RefundId = table.Column<string>(type: "text", nullable: true),
                    RefundedAt = table.Column<string>(type: "text", nullable: true),
                    HoldsSupply = table.Column<bool>(type: "boolean", nullable: false),
                    NeedsAttention = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Orders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PaymentLedger",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric", nullable: false),
                    Method = table.Column<string>(type: "text", nullable: false),
                    State = table.Column<string>(type: "text", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "text", nullable: false),
                    ChargeId = table.Column<string>(type: "text", nullable: true),
                    FailureCode = table.Column<string>(type: "text", nullable: true),
                    Message = table.Column<string>(type: "text", nullable: true),
                    RefundIdempotencyKey = table.Column<string>(type: "text", nullable: true),
                    RefundId = table.Column<string>(type: "text", nullable: true),
                    RefundAttempts = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentLedger", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PoolKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Account = table.Column<string>(type: "text", nullable: false),
                    VeniceKeyId = table.Column<string>(type: "text", nullable: false),
                    ProtectedApiKey = table.Column<string>(type: "text", nullable: false),
                    ApiKeyHint = table.Column<string>(type: "text", nullable: false),
                    ExpiresAt = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<string>(type: "text", nullable: false),
                    ClaimedByOrderKeyId = table.Column<Guid>(type: "uuid", nullable: true),
                    ClaimedAt = table.Column<string>(type: "text", nullable: true),
                    HandedOutAt = table.Column<string>(type: "text", nullable: true),
                    DiscardedAt = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PoolKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Quotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Product = table.Column<string>(type: "text", nullable: false),
                    Credits = table.Column<int>(type: "integer", nullable: false),
                    DiemPerDay = table.Column<int>(type: "integer", nullable: true),
                    UnitPrice = table.Column<decimal>(type: "numeric", nullable: false),
                    Total = table.Column<decimal>(type: "numeric", nullable: false),
                    CreatedAt = table.Column<string>(type: "text", nullable: false),
                    ExpiresAt = table.Column<string>(type: "text", nullable: false),
                    UsedByOrderId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Quotes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReceivedStripeEvents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Type = table.Column<string>(type: "text", nullable: false),
                    PaymentIntentId = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<string>(type: "text", nullable: false),
                    ProcessedAt = table.Column<string>(type: "text", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceivedStripeEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SandboxCharges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "text", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric", nullable: false),
                    Method = table.Column<string>(type: "text", nullable: false),
                    Succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    FailureCode = table.Column<string>(type: "text", nullable: true),
                    Message = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxCharges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SandboxRefunds",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "text", nullable: false),
                    ChargeId = table.Column<string>(type: "text", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxRefunds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SimulatedVeniceKeys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Account = table.Column<string>(type: "text", nullable: false),
                    SecretHash = table.Column<string>(type: "text", nullable: false),
                    Last6Chars = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    DiemLimit = table.Column<decimal>(type: "numeric", nullable: true),
                    UsdLimit = table.Column<decimal>(type: "numeric", nullable: true),
                    LimitPeriod = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<string>(type: "text", nullable: false),
                    ExpiresAt = table.Column<string>(type: "text", nullable: true),
                    LastUsedAt = table.Column<string>(type: "text", nullable: true),
                    RevokedAt = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimulatedVeniceKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StripeStandInEvents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "text", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<string>(type: "text", nullable: false),
                    NextAttemptAt = table.Column<string>(type: "text", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    DeliveredAt = table.Column<string>(type: "text", nullable: true),
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
                    CreatedAt = table.Column<string>(type: "text", nullable: false)
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
                    CreatedAt = table.Column<string>(type: "text", nullable: false)
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
                    CreatedAt = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StripeStandInRefunds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OrderKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    RunNumber = table.Column<int>(type: "integer", nullable: false),
                    DateFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    DateTo = table.Column<DateOnly>(type: "date", nullable: false),
                    Credits = table.Column<int>(type: "integer", nullable: false),
                    MintAt = table.Column<string>(type: "text", nullable: false),
                    ExpiresAt = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    VeniceKeyId = table.Column<string>(type: "text", nullable: true),
                    ProtectedApiKey = table.Column<string>(type: "text", nullable: true),
                    ApiKeyHint = table.Column<string>(type: "text", nullable: true),
                    MintedAt = table.Column<string>(type: "text", nullable: true),
                    VeniceAccount = table.Column<string>(type: "text", nullable: true),
                    ProvisioningStartedAt = table.Column<string>(type: "text", nullable: true)
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
                name: "QuoteDates",
                columns: table => new
                {
                    QuoteId = table.Column<Guid>(type: "uuid", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    UnitPrice = table.Column<decimal>(type: "numeric", nullable: false),
                    Price = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuoteDates", x => new { x.QuoteId, x.Date });
                    table.ForeignKey(
                        name: "FK_QuoteDates_Quotes_QuoteId",
                        column: x => x.QuoteId,
                        principalTable: "Quotes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SimulatedVeniceSpend",
                columns: table => new
                {
                    KeyId = table.Column<string>(type: "text", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Diem = table.Column<decimal>(type: "numeric", nullable: false),
                    Usd = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimulatedVeniceSpend", x => new { x.KeyId, x.Day });
                    table.ForeignKey(
                        name: "FK_SimulatedVeniceSpend_SimulatedVeniceKeys_KeyId",
                        column: x => x.KeyId,
                        principalTable: "SimulatedVeniceKeys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyRecords_CreatedAt",
                table: "IdempotencyRecords",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyRecords_OrderId",
                table: "IdempotencyRecords",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_OrderKeys_OrderId_RunNumber",
                table: "OrderKeys",
                columns: new[] { "OrderId", "RunNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OrderKeys_Status_MintAt",
                table: "OrderKeys",
                columns: new[] { "Status", "MintAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_IdempotencyKey",
                table: "Orders",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Status",
                table: "Orders",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_TokenHash",
                table: "Orders",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentLedger_ChargeId",
                table: "PaymentLedger",
                column: "ChargeId");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentLedger_IdempotencyKey",
                table: "PaymentLedger",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentLedger_OrderId",
                table: "PaymentLedger",
                column: "OrderId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentLedger_State_UpdatedAt",
                table: "PaymentLedger",
                columns: new[] { "State", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PoolKeys_ClaimedByOrderKeyId",
                table: "PoolKeys",
                column: "ClaimedByOrderKeyId",
                unique: true,
                filter: "\"ClaimedByOrderKeyId\" IS NOT NULL AND \"DiscardedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PoolKeys_ExpiresAt_ClaimedByOrderKeyId",
                table: "PoolKeys",
                columns: new[] { "ExpiresAt", "ClaimedByOrderKeyId" });

            migrationBuilder.CreateIndex(
                name: "IX_PoolKeys_VeniceKeyId",
                table: "PoolKeys",
                column: "VeniceKeyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Quotes_UsedByOrderId",
                table: "Quotes",
                column: "UsedByOrderId");

            migrationBuilder.CreateIndex(
                name: "IX_ReceivedStripeEvents_ProcessedAt_NextAttemptAt",
                table: "ReceivedStripeEvents",
                columns: new[] { "ProcessedAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SandboxCharges_IdempotencyKey",
                table: "SandboxCharges",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SandboxCharges_OrderId",
                table: "SandboxCharges",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_SandboxRefunds_ChargeId",
                table: "SandboxRefunds",
                column: "ChargeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SandboxRefunds_IdempotencyKey",
                table: "SandboxRefunds",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SimulatedVeniceKeys_SecretHash",
                table: "SimulatedVeniceKeys",
                column: "SecretHash",
                unique: true);

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
                name: "DailySales");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "IdempotencyRecords");

            migrationBuilder.DropTable(
                name: "OrderKeys");

            migrationBuilder.DropTable(
                name: "OrderLeases");

            migrationBuilder.DropTable(
                name: "PaymentLedger");

            migrationBuilder.DropTable(
                name: "PoolKeys");

            migrationBuilder.DropTable(
                name: "QuoteDates");

            migrationBuilder.DropTable(
                name: "ReceivedStripeEvents");

            migrationBuilder.DropTable(
                name: "SandboxCharges");

            migrationBuilder.DropTable(
                name: "SandboxRefunds");

            migrationBuilder.DropTable(
                name: "SimulatedVeniceSpend");

            migrationBuilder.DropTable(
                name: "StripeStandInEvents");

            migrationBuilder.DropTable(
                name: "StripeStandInIdempotencyKeys");

            migrationBuilder.DropTable(
                name: "StripeStandInPaymentIntents");

            migrationBuilder.DropTable(
                name: "StripeStandInRefunds");

            migrationBuilder.DropTable(
                name: "Orders");

            migrationBuilder.DropTable(
                name: "Quotes");

            migrationBuilder.DropTable(
                name: "SimulatedVeniceKeys");
        }
    }
}
