using CheapTokens.Core.Venice;

namespace CheapTokens.Tests.Venice;

public sealed class VeniceSecretsTests
{
    [Fact]
    public async Task Logs_and_errors_never_contain_the_admin_key_or_a_minted_key()
    {
        await using var host = await VeniceSimulatorHost.StartAsync(simulator => simulator.ChatCostDiem = 1m);
        var client = host.CreateClient();
        var errors = new List<Exception>();
        host.State.InjectFaults(fail429: 1, fail500: 1, retryAfterSeconds: 0);

        var key = await client.CreateInferenceKeyAsync(
            new VeniceKeyRequest("order-secret", 1m, VeniceLimitUnit.Diem, host.Clock.GetUtcNow().AddDays(1), "EPOCH"),
            CancellationToken.None);
        using (var app = host.CreateRawClient(key.ApiKey))
        {
            await app.PostAsync("chat/completions", VeniceSimulatorTests.ChatBody());
            await app.PostAsync("chat/completions", VeniceSimulatorTests.ChatBody());
        }
        await client.ListKeysAsync(CancellationToken.None);
        host.State.InjectFaults(fail500: 10);
        errors.Add(await Assert.ThrowsAsync<VeniceException>(() => host.CreateClient(maxRetries: 1).CreateInferenceKeyAsync(
            new VeniceKeyRequest("order-secret-2", 1m, VeniceLimitUnit.Diem, host.Clock.GetUtcNow().AddDays(1)), CancellationToken.None)));
        host.State.ClearFaults();
        errors.Add(await Assert.ThrowsAsync<VeniceException>(() => host.CreateClient(adminKey: "leaky-wrong-admin-key").ListKeysAsync(CancellationToken.None)));
        await client.RevokeKeyAsync(key.Id, CancellationToken.None);

        var logs = host.Logs.Lines;
        Assert.Contains(logs, line => line.Contains(key.Id, StringComparison.Ordinal));
        Assert.Contains(logs, line => line.Contains("retry", StringComparison.OrdinalIgnoreCase));
        foreach (var secret in new[] { VeniceSimulatorHost.AdminKey, key.ApiKey, "leaky-wrong-admin-key" })
        {
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(errors, error => error.ToString().Contains(secret, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(key.ApiKey, key.ToString(), StringComparison.Ordinal);
    }
}
