using CheapTokens.Tests.StandIns;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Venice;

public sealed class VeniceSecretsTests
{
    [Fact]
    public async Task LogsAndErrorsNeverContainTheAdminKeyOrAMintedKey()
    {
        await using var host = await VeniceSimulation.StartAsync(simulator => simulator.ChatCostDiem = 1m);
        var client = host.CreateVeniceClient();
        var errors = new List<Exception>();
        host.Simulator().InjectFaults(fail429: 1, fail500: 1, retryAfterSeconds: 0);

        // Retries wait on the app's clock: the test moves it.
        var key = await host.Clock.DriveAsync(client.CreateInferenceKeyAsync(
            new VeniceKeyRequest("order-secret", 1m, VeniceLimitUnit.Diem, host.Clock.GetUtcNow().AddDays(1), VeniceNames.DailyLimitPeriod),
            CancellationToken.None));
        using (var app = host.CreateSimulatorClient(key.ApiKey))
        {
            await app.PostAsync("chat/completions", VeniceSimulatorTests.ChatBody());
            await app.PostAsync("chat/completions", VeniceSimulatorTests.ChatBody());
        }
        await client.ListKeysAsync(CancellationToken.None);
        host.Simulator().InjectFaults(fail500: 10);
        errors.Add(await Assert.ThrowsAsync<VeniceException>(() => host.Clock.DriveAsync(host.CreateVeniceClient(maxRetries: 1).CreateInferenceKeyAsync(
            new VeniceKeyRequest("order-secret-2", 1m, VeniceLimitUnit.Diem, host.Clock.GetUtcNow().AddDays(1)), CancellationToken.None))));
        host.Simulator().InjectFaults();
        errors.Add(await Assert.ThrowsAsync<VeniceException>(() => host.CreateVeniceClient(adminKey: "leaky-wrong-admin-key").ListKeysAsync(CancellationToken.None)));
        await client.RevokeKeyAsync(key.Id, CancellationToken.None);

        var logs = host.Logs().Lines;
        Assert.Contains(logs, line => line.Contains(key.Id, StringComparison.Ordinal));
        Assert.Contains(logs, line => line.Contains("retry", StringComparison.OrdinalIgnoreCase));
        foreach (var secret in new[] { VeniceSimulation.AdminKey, key.ApiKey, "leaky-wrong-admin-key" })
        {
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(errors, error => error.ToString().Contains(secret, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(key.ApiKey, key.ToString(), StringComparison.Ordinal);
    }
}
