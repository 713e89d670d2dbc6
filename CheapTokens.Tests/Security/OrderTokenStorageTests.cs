using CheapTokens.Tests.Payments;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Security;

/// <summary>Whoever reads the database cannot open an order: it holds only a SHA-256 hash of each token.</summary>
public class OrderTokenStorageTests
{
    [Fact]
    public async Task TheDatabaseHoldsOnlyTheTokensHashAndTheTokenStillOpensTheOrder()
    {
        await using var host = await StoreScenarios.StartCheckoutAsync();
        var quoteId = await host.QuoteOverHttpAsync();
        using var placed = await host.PlaceOverHttpAsync(new { quoteId, email = "hash@example.com", paymentMethod = SandboxPaymentProcessor.Ok }, "key-hash-0001");
        var token = (await HttpJson.ReadJsonAsync(placed)).GetProperty("token").GetString()!;

        var row = await ReadOrderRowAsync(host.DataDirectory);
        Assert.DoesNotContain(row.Values, value => value?.Contains(token, StringComparison.Ordinal) == true);
        Assert.Equal(OrderToken.Hash(token), row["TokenHash"]);
        Assert.Equal(64, row["TokenHash"]!.Length);
        using var http = host.CreateClient();
        Assert.Equal("paid", (await http.GetFromJsonAsync<JsonElement>($"/api/orders/{token}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task OrdersPlacedBeforeTheUpgradeAreFoundByTheirOldTokensAndThePlainTokenIsGone()
    {
        var dataDirectory = StoreHost.NewDataDirectory();
        var token = OrderToken.New();
        try
        {
            await CreateDatabaseBeforeHashingAsync(dataDirectory, token);

            await using (var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon), dataDirectory: dataDirectory))
            {
                using var http = host.CreateClient();
                var order = await http.GetFromJsonAsync<JsonElement>($"/api/orders/{token}");
                Assert.Equal("declined", order.GetProperty("status").GetString());
                Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/orders/{OrderToken.New()}")).StatusCode);
            }

            var row = await ReadOrderRowAsync(dataDirectory);
            Assert.False(row.ContainsKey("Token"));
            Assert.Equal(OrderToken.Hash(token), row["TokenHash"]);
        }
        finally
        {
            StoreHost.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task ARetryAfterALostProcessorAnswerGetsTheTokenThatOpensTheOrder()
    {
        await using var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon), services: services =>
        {
            TestDoubles.RecordPaidOrders(services);
            ScriptedProcessor.Install(services);
        });
        var processor = host.Get<ScriptedProcessor>();
        var quoteId = await host.QuoteOverHttpAsync();
        var body = new { quoteId, email = "retry@example.com", paymentMethod = SandboxPaymentProcessor.Ok };

        processor.LoseChargeAnswers = true;
        using var failed = await host.PlaceOverHttpAsync(body, "key-retry-0001");
        processor.LoseChargeAnswers = false;
        using var retried = await host.PlaceOverHttpAsync(body, "key-retry-0001");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        // The store keeps only the token's hash; the retry gets the token back from the key's sealed record.
        var token = (await HttpJson.ReadJsonAsync(retried)).GetProperty("token").GetString()!;
        using var http = host.CreateClient();
        Assert.Equal("paid", (await http.GetFromJsonAsync<JsonElement>($"/api/orders/{token}")).GetProperty("status").GetString());
        Assert.Equal($"/orders/{token}", Assert.Single(host.Get<RecordingReceiptSender>().Sent).OrderPath);
    }

    /// <summary>The store's schema as it was before tokens were hashed, with one declined order holding a plain token.</summary>
    private static async Task CreateDatabaseBeforeHashingAsync(string dataDirectory, string token)
    {
        Directory.CreateDirectory(dataDirectory);
        var options = new DbContextOptionsBuilder<StoreDbContext>();
        options.UseStoreDatabase(new DatabaseOptions(), $"Data Source={Path.Combine(dataDirectory, StoragePaths.DatabaseFileName)};Pooling=False");
        await using var db = new StoreDbContext(options.Options);
        await db.GetService<IMigrator>().MigrateAsync("20261130000000_SimulatedVenice");
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Orders" ("Id", "Token", "IdempotencyKey", "QuoteId", "Email", "PaymentMethod", "Credits", "UnitPrice", "Total",
                "SupplyDate", "Status", "CreatedAt", "UpdatedAt", "FailureCode", "FailureReason", "Version", "Product")
            VALUES ({0}, {1}, 'key-before-upgrade', {2}, 'old@example.com', 'sandbox_declined', 1, '0.5', '0.50',
                '2026-11-21', 'Declined', '2026-11-21T14:00:00.0000000Z', '2026-11-21T14:00:00.0000000Z', 'declined', 'Declined.', 0, 'Credits')
            """,
            Guid.NewGuid().ToString().ToUpperInvariant(), token, Guid.NewGuid().ToString().ToUpperInvariant());
    }

    private static async Task<Dictionary<string, string?>> ReadOrderRowAsync(string dataDirectory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, StoragePaths.DatabaseFileName)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM \"Orders\"";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var row = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i).ToString());
        Assert.False(await reader.ReadAsync());
        return row;
    }
}
