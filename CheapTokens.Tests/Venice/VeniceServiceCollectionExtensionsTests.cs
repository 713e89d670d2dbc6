using CheapTokens.Blazor.Venice;
using CheapTokens.StandIns.Venice;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Venice;

public sealed class VeniceServiceCollectionExtensionsTests
{
    private static Task<StoreHost> StartAsync(Dictionary<string, string?> settings) =>
        StoreHost.StartAsync(settings, new FakeTimeProvider(StoreHost.Afternoon));

    [Fact]
    public async Task EnabledSimulatorWithEmptyBaseUrlIsReachedAtTheAppsOwnAddress()
    {
        await using var host = await StartAsync(new() { ["Venice:Simulator:Enabled"] = "true", ["Venice:BaseUrl"] = "" });
        var client = host.Get<IVeniceKeyClient>();

        var key = await client.CreateInferenceKeyAsync(
            new VeniceKeyRequest("order-self", 2m, VeniceLimitUnit.Diem, host.Clock.GetUtcNow().AddDays(1), VeniceNames.DailyLimitPeriod),
            CancellationToken.None);

        Assert.Equal(key.Id, Assert.Single(await client.ListKeysAsync(CancellationToken.None)).Id);
        Assert.Equal(1, await host.LiveKeyCountAsync());
    }

    [Fact]
    public async Task StartUpFailsWhenTheAdminKeyIsMissing()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { ["Venice:Simulator:Enabled"] = "false" }));

        Assert.Contains("Venice:AdminKey", error.Message);
    }

    [Fact]
    public async Task MappingTheSimulatorFailsFastOnInvalidConfiguration()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { ["Venice:BaseUrl"] = "not a url" }));

        Assert.Contains("Venice:BaseUrl", error.Message);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("true")]
    public async Task RealVeniceMapsNoSimulatorRoutesEvenWithTheSimulatorEnabled(string simulatorEnabled)
    {
        var folder = StoreHost.NewDataDirectory();
        try
        {
            // Real Venice sells real keys, so a live store: real payments and an encrypted key ring too.
            var settings = InstallSettings.Merge(InstallSettings.RealStripe(), InstallSettings.KeyRingCertificate(folder), new Dictionary<string, string?>
            {
                ["Venice:AdminKey"] = "k", ["Venice:Simulator:Enabled"] = simulatorEnabled, ["Venice:BaseUrl"] = "https://api.venice.ai/api/v1",
            });
            await using var host = await StartAsync(settings);
            using var http = host.CreateClient();

            var response = await http.GetAsync($"{VeniceSimulatorEndpoints.BasePath}/models");

            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        }
        finally
        {
            StoreHost.DeleteDataDirectory(folder);
        }
    }
}
