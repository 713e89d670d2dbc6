using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CheapTokens.Blazor.Data.Migrations.Postgres
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
                    UnixSecond = table.Column<long>(type: "bigint", nullable: false),
                    SupplyRemaining = table.Column<int>(type: "integer", nullable: false),
                    OrdersLeftToday = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BoardSeconds", x => x.UnixSecond);
                });

            migrationBuilder.CreateTable(
                name: "KeyCreationSlots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Account = table.Column<string>(type: "text", nullable: false),
                    TakenAtUnixMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyCreationSlots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VeniceAccountTallies",
                columns: table => new
                {
                    Account = table.Column<string>(type: "text", nullable: false),
                    LiveKeys = table.Column<int>(type: "integer", nullable: false)
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
