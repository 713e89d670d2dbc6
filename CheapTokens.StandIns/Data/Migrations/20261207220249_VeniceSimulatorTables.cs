using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.StandIns.Data.Migrations
{
    /// <inheritdoc />
    public partial class VeniceSimulatorTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SimulatedVeniceKeys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Account = table.Column<string>(type: "TEXT", nullable: false),
                    SecretHash = table.Column<string>(type: "TEXT", nullable: false),
                    Last6Chars = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    DiemLimit = table.Column<decimal>(type: "TEXT", nullable: true),
                    UsdLimit = table.Column<decimal>(type: "TEXT", nullable: true),
                    LimitPeriod = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<string>(type: "TEXT", nullable: true),
                    LastUsedAt = table.Column<string>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimulatedVeniceKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SimulatedVeniceSpend",
                columns: table => new
                {
                    KeyId = table.Column<string>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Diem = table.Column<decimal>(type: "TEXT", nullable: false),
                    Usd = table.Column<decimal>(type: "TEXT", nullable: false)
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
                name: "IX_SimulatedVeniceKeys_SecretHash",
                table: "SimulatedVeniceKeys",
                column: "SecretHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SimulatedVeniceSpend");

            migrationBuilder.DropTable(
                name: "SimulatedVeniceKeys");
        }
    }
}
