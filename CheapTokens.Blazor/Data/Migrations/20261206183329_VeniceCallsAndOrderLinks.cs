using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class VeniceCallsAndOrderLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OrderLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IssuedAt = table.Column<string>(type: "TEXT", nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RetiredAt = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderLinks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VeniceCalls",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<string>(type: "TEXT", nullable: false),
                    Operation = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    VeniceKeyId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    HttpStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DurationMs = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VeniceCalls", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OrderLinks_OrderId",
                table: "OrderLinks",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_OrderLinks_RequestId",
                table: "OrderLinks",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OrderLinks_TokenHash",
                table: "OrderLinks",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VeniceCalls_At",
                table: "VeniceCalls",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_VeniceCalls_OrderId",
                table: "VeniceCalls",
                column: "OrderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OrderLinks");

            migrationBuilder.DropTable(
                name: "VeniceCalls");
        }
    }
}
