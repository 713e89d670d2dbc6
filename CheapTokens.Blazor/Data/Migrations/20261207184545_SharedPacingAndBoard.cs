using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class SharedPacingAndBoard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BoardSeconds",
                columns: table => new
                {
                    UnixSecond = table.Column<long>(type: "INTEGER", nullable: false),
                    SupplyRemaining = table.Column<int>(type: "INTEGER", nullable: false),
                    OrdersLeftToday = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BoardSeconds", x => x.UnixSecond);
                });

            migrationBuilder.CreateTable(
                name: "KeyCreationSlots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Account = table.Column<string>(type: "TEXT", nullable: false),
                    TakenAtUnixMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyCreationSlots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VeniceAccountTallies",
                columns: table => new
                {
                    Account = table.Column<string>(type: "TEXT", nullable: false),
                    LiveKeys = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VeniceAccountTallies", x => x.Account);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KeyCreationSlots_Account_TakenAtUnixMs",
                table: "KeyCreationSlots",
                columns: new[] { "Account", "TakenAtUnixMs" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BoardSeconds");

            migrationBuilder.DropTable(
                name: "KeyCreationSlots");

            migrationBuilder.DropTable(
                name: "VeniceAccountTallies");
        }
    }
}
