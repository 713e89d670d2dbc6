using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.Blazor.Data.Migrations.Postgres
{
    /// <summary>
    /// The Stripe stand-in's tables leave the store's model for the stand-ins' own context (CheapTokens.StandIns), which
    /// adopts them as they are: nothing is dropped, so a demo database keeps its stand-in payment intents, refunds,
    /// idempotency records and webhook outbox, and a demo order paid through the stand-in still reconciles.
    /// </summary>
    public partial class StripeStandInLeavesTheStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
