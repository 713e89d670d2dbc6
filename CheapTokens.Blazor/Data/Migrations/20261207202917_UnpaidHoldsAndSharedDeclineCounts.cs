using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class UnpaidHoldsAndSharedDeclineCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Held",
                table: "DailySales",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "FailedPaymentCounts",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowEndsAt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FailedPaymentCounts", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "UnpaidHoldCounts",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Open = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnpaidHoldCounts", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "UnpaidHolds",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnpaidHolds", x => x.OrderId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FailedPaymentCounts_WindowEndsAt",
                table: "FailedPaymentCounts",
                column: "WindowEndsAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FailedPaymentCounts");

            migrationBuilder.DropTable(
                name: "UnpaidHoldCounts");

            migrationBuilder.DropTable(
                name: "UnpaidHolds");

            migrationBuilder.DropColumn(
                name: "Held",
                table: "DailySales");
        }
    }
}
