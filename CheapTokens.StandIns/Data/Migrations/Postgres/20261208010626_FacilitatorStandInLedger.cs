using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.StandIns.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FacilitatorStandInLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "X402StandInAccounts",
                columns: table => new
                {
                    Address = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    Balance = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_X402StandInAccounts", x => x.Address);
                });

            migrationBuilder.CreateTable(
                name: "X402StandInSettlements",
                columns: table => new
                {
                    Nonce = table.Column<string>(type: "text", nullable: false),
                    Transaction = table.Column<string>(type: "text", nullable: false),
                    Payer = table.Column<string>(type: "text", nullable: false),
                    Network = table.Column<string>(type: "text", nullable: false),
                    SettledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_X402StandInSettlements", x => x.Nonce);
                });

            migrationBuilder.CreateTable(
                name: "X402StandInTransfers",
                columns: table => new
                {
                    Transaction = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    From = table.Column<string>(type: "text", nullable: false),
                    To = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false),
                    Nonce = table.Column<string>(type: "text", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "text", nullable: true),
                    Network = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_X402StandInTransfers", x => x.Transaction);
                });

            migrationBuilder.CreateIndex(
                name: "IX_X402StandInTransfers_IdempotencyKey",
                table: "X402StandInTransfers",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_X402StandInTransfers_Nonce",
                table: "X402StandInTransfers",
                column: "Nonce");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "X402StandInAccounts");

            migrationBuilder.DropTable(
                name: "X402StandInSettlements");

            migrationBuilder.DropTable(
                name: "X402StandInTransfers");
        }
    }
}
