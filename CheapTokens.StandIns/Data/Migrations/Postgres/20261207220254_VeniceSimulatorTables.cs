using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.StandIns.Data.Migrations.Postgres
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
                    Id = table.Column<string>(type: "text", nullable: false),
                    Account = table.Column<string>(type: "text", nullable: false),
                    SecretHash = table.Column<string>(type: "text", nullable: false),
                    Last6Chars = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    DiemLimit = table.Column<decimal>(type: "numeric", nullable: true),
                    UsdLimit = table.Column<decimal>(type: "numeric", nullable: true),
                    LimitPeriod = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastUsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimulatedVeniceKeys", x => x.Id);
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
