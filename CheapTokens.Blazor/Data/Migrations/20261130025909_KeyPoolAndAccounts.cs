using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class KeyPoolAndAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Account",
                table: "SimulatedVeniceKeys",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "VeniceAccount",
                table: "OrderKeys",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PoolKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Account = table.Column<string>(type: "TEXT", nullable: false),
                    VeniceKeyId = table.Column<string>(type: "TEXT", nullable: false),
                    ProtectedApiKey = table.Column<string>(type: "TEXT", nullable: false),
                    ApiKeyHint = table.Column<string>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimedByOrderKeyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClaimedAt = table.Column<string>(type: "TEXT", nullable: true),
                    HandedOutAt = table.Column<string>(type: "TEXT", nullable: true),
                    DiscardedAt = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PoolKeys", x => x.Id);
                });

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PoolKeys");

            migrationBuilder.DropColumn(
                name: "Account",
                table: "SimulatedVeniceKeys");

            migrationBuilder.DropColumn(
                name: "VeniceAccount",
                table: "OrderKeys");
        }
    }
}
