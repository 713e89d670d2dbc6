using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CheapTokens.Blazor.Data.Migrations;

/// <summary>
/// The multi-day diem pass: product and diem per day on quotes and orders, a pass quote's locked per-date
/// prices, and a hand-out mark on key runs. Written by hand; keep it in step with the model snapshot.
/// </summary>
[DbContext(typeof(StoreDbContext))]
[Migration("20261121120000_Passes")]
public sealed class Passes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Product", table: "Quotes", type: "TEXT", nullable: false, defaultValue: "Credits");
        migrationBuilder.AddColumn<int>(name: "DiemPerDay", table: "Quotes", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<string>(name: "Product", table: "Orders", type: "TEXT", nullable: false, defaultValue: "Credits");
        migrationBuilder.AddColumn<int>(name: "DiemPerDay", table: "Orders", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<string>(name: "ProvisioningStartedAt", table: "OrderKeys", type: "TEXT", nullable: true);

        // Runs of orders already provisioning were handed out before this column existed: mark them so a
        // restarted worker treats them as resumed (looks for a leftover key) as it did before.
        migrationBuilder.Sql(
            """
            UPDATE OrderKeys SET ProvisioningStartedAt = (SELECT o.UpdatedAt FROM Orders o WHERE o.Id = OrderKeys.OrderId)
            WHERE Status = 'Scheduled' AND OrderId IN (SELECT Id FROM Orders WHERE Status = 'Provisioning');
            """);

        migrationBuilder.CreateTable(
            name: "QuoteDates",
            columns: table => new
            {
                QuoteId = table.Column<Guid>(type: "TEXT", nullable: false),
                Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                UnitPrice = table.Column<decimal>(type: "TEXT", nullable: false),
                Price = table.Column<decimal>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_QuoteDates", x => new { x.QuoteId, x.Date });
                table.ForeignKey(
                    name: "FK_QuoteDates_Quotes_QuoteId",
                    column: x => x.QuoteId,
                    principalTable: "Quotes",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "QuoteDates");
        migrationBuilder.DropColumn(name: "ProvisioningStartedAt", table: "OrderKeys");
        migrationBuilder.DropColumn(name: "DiemPerDay", table: "Orders");
        migrationBuilder.DropColumn(name: "Product", table: "Orders");
        migrationBuilder.DropColumn(name: "DiemPerDay", table: "Quotes");
        migrationBuilder.DropColumn(name: "Product", table: "Quotes");
    }
}
