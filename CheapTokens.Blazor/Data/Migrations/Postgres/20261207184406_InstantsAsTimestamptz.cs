using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.Blazor.Data.Migrations.Postgres
{
    /// <summary>
    /// Instants become <c>timestamp with time zone</c>, so PostgreSQL indexes, compares and ranges over them itself.
    /// The generated ALTER COLUMN has no USING clause and PostgreSQL cannot cast the stored text on its own: every
    /// column is converted row by row from the text the app wrote (<see cref="UtcTextColumns"/>), nulls staying null.
    /// </summary>
    public partial class InstantsAsTimestamptz : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            UtcTextColumns.ToTimestamptz(migrationBuilder, "IdempotencyRecords", "CompletedAt", "CreatedAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "OrderKeys", "ExpiresAt", "MintAt", "MintedAt", "ProvisioningStartedAt", "RevokedAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "OrderLeases", "Until");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "OrderLinks", "IssuedAt", "RetiredAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "Orders", "CreatedAt", "FailedAt", "FulfilledAt", "PaidAt", "RefundedAt", "UpdatedAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "PaymentLedger", "CreatedAt", "UpdatedAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "PoolKeys", "ClaimedAt", "CreatedAt", "DiscardedAt", "ExpiresAt", "HandedOutAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "PricingVersions", "CreatedAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "Quotes", "CreatedAt", "ExpiresAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "ReceivedStripeEvents", "NextAttemptAt", "ProcessedAt", "ReceivedAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "SalesPauses", "At");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "SandboxCharges", "CreatedAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "SandboxRefunds", "CreatedAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "SimulatedVeniceKeys", "CreatedAt", "ExpiresAt", "LastUsedAt", "RevokedAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "StripeStandInEvents", "CreatedAt", "DeliveredAt", "NextAttemptAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "StripeStandInIdempotencyKeys", "CreatedAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "StripeStandInPaymentIntents", "CreatedAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "StripeStandInRefunds", "CreatedAt");
            UtcTextColumns.ToTimestamptz(migrationBuilder, "VeniceCalls", "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            UtcTextColumns.ToUtcText(migrationBuilder, "IdempotencyRecords", "CompletedAt", "CreatedAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "OrderKeys", "ExpiresAt", "MintAt", "MintedAt", "ProvisioningStartedAt", "RevokedAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "OrderLeases", "Until");
            UtcTextColumns.ToUtcText(migrationBuilder, "OrderLinks", "IssuedAt", "RetiredAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "Orders", "CreatedAt", "FailedAt", "FulfilledAt", "PaidAt", "RefundedAt", "UpdatedAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "PaymentLedger", "CreatedAt", "UpdatedAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "PoolKeys", "ClaimedAt", "CreatedAt", "DiscardedAt", "ExpiresAt", "HandedOutAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "PricingVersions", "CreatedAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "Quotes", "CreatedAt", "ExpiresAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "ReceivedStripeEvents", "NextAttemptAt", "ProcessedAt", "ReceivedAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "SalesPauses", "At");
            UtcTextColumns.ToUtcText(migrationBuilder, "SandboxCharges", "CreatedAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "SandboxRefunds", "CreatedAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "SimulatedVeniceKeys", "CreatedAt", "ExpiresAt", "LastUsedAt", "RevokedAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "StripeStandInEvents", "CreatedAt", "DeliveredAt", "NextAttemptAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "StripeStandInIdempotencyKeys", "CreatedAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "StripeStandInPaymentIntents", "CreatedAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "StripeStandInRefunds", "CreatedAt");
            UtcTextColumns.ToUtcText(migrationBuilder, "VeniceCalls", "At");
        }
    }
}
