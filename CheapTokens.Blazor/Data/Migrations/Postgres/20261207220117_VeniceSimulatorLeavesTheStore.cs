using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.Blazor.Data.Migrations.Postgres
{
    /// <summary>
    /// The stand-ins' tables leave the store's model for the stand-ins' own context (CheapTokens.StandIns), which
    /// adopts them as they are: nothing is dropped, so a demo database keeps its stand-in charges, refunds, keys and
    /// payment intents, and a demo order paid through a stand-in still reconciles after the upgrade.
    /// </summary>
    public partial class VeniceSimulatorLeavesTheStore : Migration
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
