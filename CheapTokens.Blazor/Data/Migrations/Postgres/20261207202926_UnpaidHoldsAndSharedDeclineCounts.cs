using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.Blazor.Data.Migrations.Postgres
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
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "FailedPaymentCounts",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    WindowEndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FailedPaymentCounts", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "UnpaidHoldCounts",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Open = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnpaidHoldCounts", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "UnpaidHolds",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
