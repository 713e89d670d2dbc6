using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderTokenHashes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TokenHash",
                table: "Orders",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Existing orders keep working: each plain token becomes its hash before the plain column goes.
            // The function is registered on the migrating connection (TokenHashFunction), hashing as the app looks up.
            migrationBuilder.Sql($"UPDATE \"Orders\" SET \"TokenHash\" = {TokenHashFunction.Name}(\"Token\");");

            migrationBuilder.DropIndex(
                name: "IX_Orders_Token",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "Token",
                table: "Orders");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_TokenHash",
                table: "Orders",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_TokenHash",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "TokenHash",
                table: "Orders");

            migrationBuilder.AddColumn<string>(
                name: "Token",
                table: "Orders",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // Plain tokens cannot come back from their hashes: old links stop working, orders stay distinct.
            migrationBuilder.Sql("UPDATE \"Orders\" SET \"Token\" = \"TokenHash\";");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Token",
                table: "Orders",
                column: "Token",
                unique: true);
        }
    }
}
