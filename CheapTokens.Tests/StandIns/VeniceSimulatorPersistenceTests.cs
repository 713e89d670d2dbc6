using CheapTokens.StandIns.Venice;
using CheapTokens.Tests.Venice;
using CheapTokens.Blazor.Venice;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.StandIns;

/// <summary>The simulated Venice keeps its account in the store's database, so a restart of the app keeps every sold key.</summary>
public sealed class VeniceSimulatorPersistenceTests
{
    private static Task<StoreHost> StartAsync(FakeTimeProvider clock, string dataDirectory) =>
        StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Venice:Simulator:Enabled"] = "true", ["Venice:AdminKey"] = "", ["Venice:Simulator:ChatCostDiem"] = "1" },
            clock, dataDirectory: dataDirectory);

    [Fact]
    public async Task AKeySoldBeforeARestartAnswersChatAfterItAndItsUsageAndLimitCarryOver()
    {
        var clock = new FakeTimeProvider(VeniceSimulation.Morning);
        var dataDirectory = StoreHost.NewDataDirectory();
        try
        {
            string apiKey;
            await using (var first = await StartAsync(clock, dataDirectory))
            {
                var token = await first.BuyCreditsAsync(credits: 2);
                apiKey = (await first.WaitForOrderStatusAsync(token, "fulfilled")).GetProperty("apiKey").GetString()!;
                using var buyer = first.CreateSimulatorClient(apiKey);
                Assert.Equal(HttpStatusCode.OK, (await buyer.PostAsync("chat/completions", VeniceSimulatorTests.ChatBody())).StatusCode);
            }

            await using var second = await StartAsync(clock, dataDirectory);
            using var sameBuyer = second.CreateSimulatorClient(apiKey);

            var afterRestart = await sameBuyer.PostAsync("chat/completions", VeniceSimulatorTests.ChatBody());
            var overLimit = await sameBuyer.PostAsync("chat/completions", VeniceSimulatorTests.ChatBody());

            Assert.Equal(HttpStatusCode.OK, afterRestart.StatusCode);
            // Two credits, one diem a completion: the one spent before the restart still counts.
            Assert.Equal(HttpStatusCode.PaymentRequired, overLimit.StatusCode);
            Assert.Equal(1, await second.LiveKeyCountAsync());
        }
        finally
        {
            StoreHost.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task TheDatabaseHoldsOnlyASha256HashOfEachSimulatedKey()
    {
        await using var host = await StartAsync(new FakeTimeProvider(VeniceSimulation.Morning), StoreHost.NewDataDirectory());
        try
        {
            var token = await host.BuyCreditsAsync(credits: 1);
            var apiKey = (await host.WaitForOrderStatusAsync(token, "fulfilled")).GetProperty("apiKey").GetString()!;

            await using var db = await host.OpenStandInsDbAsync();
            var stored = await db.SimulatedVeniceKeys.SingleAsync();

            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey))), stored.SecretHash);
            Assert.Equal(apiKey[^6..], stored.Last6Chars);
            var raw = await File.ReadAllBytesAsync(host.Get<CheapTokens.Blazor.Data.StoragePaths>().DatabasePath);
            Assert.DoesNotContain(apiKey, Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        }
        finally
        {
            StoreHost.DeleteDataDirectory(host.DataDirectory);
        }
    }

    [Fact]
    public async Task AKeyRevokedBeforeARestartStaysRevokedAfterIt()
    {
        var clock = new FakeTimeProvider(VeniceSimulation.Morning);
        var dataDirectory = StoreHost.NewDataDirectory();
        try
        {
            string apiKey;
            await using (var first = await StartAsync(clock, dataDirectory))
            {
                var client = first.Get<IVeniceKeyClient>();
                var key = await client.CreateInferenceKeyAsync(
                    new VeniceKeyRequest("to revoke", 5m, VeniceLimitUnit.Diem, clock.GetUtcNow().AddDays(1), null), CancellationToken.None);
                apiKey = key.ApiKey;
                await client.RevokeKeyAsync(key.Id, CancellationToken.None);
            }

            await using var second = await StartAsync(clock, dataDirectory);
            using var buyer = second.CreateSimulatorClient(apiKey);

            Assert.Equal(HttpStatusCode.Unauthorized, (await buyer.PostAsync("chat/completions", VeniceSimulatorTests.ChatBody())).StatusCode);
            Assert.Equal(0, await second.LiveKeyCountAsync());
        }
        finally
        {
            StoreHost.DeleteDataDirectory(dataDirectory);
        }
    }
}
