using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Payments;
using CheapTokens.StandIns.Data;
using CheapTokens.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CheapTokens.Tests.StandIns;

/// <summary>
/// A demo database made before the stand-ins had their own context already holds their tables and rows, made by the
/// store's migrations. After the upgrade the stand-ins adopt those tables as they are: a sandbox charge and a Stripe
/// stand-in payment intent taken before are found.
/// </summary>
public class StandInsUpgradeTests
{
    /// <summary>The store's last migration while the stand-ins' tables were still its own, per engine.</summary>
    private const string LastSqliteMigrationWithStandIns = "20261207202917_UnpaidHoldsAndSharedDeclineCounts";
    private const string LastPostgresMigrationWithStandIns = "20261207202926_UnpaidHoldsAndSharedDeclineCounts";

    [Fact]
    public async Task ASqliteDemoDatabaseKeepsItsSandboxChargesThroughTheUpgrade()
    {
        var folder = StoreHost.NewDataDirectory();
        try
        {
            var paths = StoragePaths.Create(new StorageOptions { DataDirectory = folder }, folder);
            var orderId = await MakeOldDatabaseWithAChargeAsync(new DatabaseOptions(), paths.ConnectionString, LastSqliteMigrationWithStandIns);

            await using var host = await StoreHost.StartAsync(InstallSettings.Sandbox(), dataDirectory: folder);

            await AssertAdoptedAsync(host, orderId);
        }
        finally
        {
            StoreHost.DeleteDataDirectory(folder);
        }
    }

    [PostgresFact]
    public async Task APostgresDemoDatabaseKeepsItsSandboxChargesThroughTheUpgrade()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var orderId = await MakeOldDatabaseWithAChargeAsync(
            new DatabaseOptions { Provider = DatabaseOptions.Postgres, ConnectionString = database.ConnectionString }, "", LastPostgresMigrationWithStandIns);
        using var onPostgres = StoreHost.OnDatabase(database);

        await using var host = await StoreHost.StartAsync(InstallSettings.Sandbox());

        await AssertAdoptedAsync(host, orderId);
    }

    private static async Task AssertAdoptedAsync(StoreHost host, Guid orderId)
    {
        var processor = host.Get<SandboxPaymentProcessor>();
        var charge = await processor.FindChargeForOrderAsync(orderId, default);
        Assert.Equal((ChargeState.Succeeded, "ch_sandbox_before_upgrade"), (charge?.State, charge?.ChargeId));
        // The adopted table takes new rows beside the old one, and its refunds table works too.
        var refund = await processor.RefundAsync(new RefundRequest("ch_sandbox_before_upgrade", 5m, "refund-after-upgrade", "test"), default);
        Assert.Equal(RefundState.Succeeded, refund.State);
        // The Stripe stand-in finds its payment intent for the order, as the store's reconciliation searches for it.
        using var stripe = host.StandInClient(host.StripeOptions().SecretKey);
        var (status, found) = await stripe.GetJsonAsync("payment_intents/search?query=" + Uri.EscapeDataString($"metadata['order_id']:'{orderId}'"));
        Assert.Equal(200, status);
        var intent = Assert.Single(found.GetProperty("data").EnumerateArray());
        Assert.Equal(("pi_before_upgrade", "succeeded", 500L), (intent.GetProperty("id").GetString(), intent.GetProperty("status").GetString(),
            intent.GetProperty("amount_received").GetInt64()));
        await using var db = await host.OpenStandInsDbAsync();
        // Every stand-in migration is recorded, none was run over the tables it found.
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    /// <summary>The store's database as the older release left it, with a charge the sandbox and a payment the Stripe stand-in took for an order.</summary>
    private static async Task<Guid> MakeOldDatabaseWithAChargeAsync(DatabaseOptions database, string sqliteConnectionString, string lastMigration)
    {
        var options = new DbContextOptionsBuilder<StoreDbContext>();
        options.UseStoreDatabase(database, sqliteConnectionString);
        await using var db = new StoreDbContext(options.Options);
        await db.Database.OpenConnectionAsync();
        if (!database.IsPostgres) TokenHashFunction.Register((SqliteConnection)db.Database.GetDbConnection());
        await db.GetService<IMigrator>().MigrateAsync(lastMigration);

        var orderId = Guid.NewGuid();
        // Instants as each engine kept them then: timestamptz on PostgreSQL, sortable UTC text on SQLite.
        object createdAt = database.IsPostgres ? StoreHost.Afternoon : UtcTimestampConverter.ToText(StoreHost.Afternoon);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO "SandboxCharges" ("Id", "IdempotencyKey", "OrderId", "Amount", "Method", "Succeeded", "CreatedAt") VALUES ('ch_sandbox_before_upgrade', 'key-before-upgrade', {orderId}, {5m}, 'sandbox_ok', {true}, {createdAt})""");
        var metadata = $$"""{"order_id":"{{orderId}}"}""";
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO "StripeStandInPaymentIntents" ("Id", "Amount", "Currency", "MetadataJson", "OrderId", "ClientSecret", "Status", "PaymentMethod", "LatestCharge", "AmountReceived", "AmountRefunded", "CreatedAt") VALUES ('pi_before_upgrade', {500L}, 'usd', {metadata}, {orderId.ToString()}, 'pi_before_upgrade_secret_x', 'succeeded', 'pm_card_visa', 'ch_before_upgrade', {500L}, {0L}, {createdAt})""");
        return orderId;
    }
}
