using System.Net;
using System.Text.Json;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Options;
using static CheapTokens.Tests.Support.InstallSettings;

namespace CheapTokens.Tests.Payments.X402;

/// <summary>x402 follows the install's mode: the demo settles simulated USDC itself, a live store real USDC elsewhere, never a mix.</summary>
public sealed class X402InstallTests : IDisposable
{
    private readonly string _folder = StoreHost.NewDataDirectory();

    [Fact]
    public async Task ADemoServesItsFacilitatorStandInForTheSimulatedNetwork()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        using var supported = await http.GetAsync("/x402-sim/supported");
        using var balance = await http.GetAsync("/x402-sim/balances/" + TestPayer.NewAddress());

        Assert.Equal(HttpStatusCode.OK, supported.StatusCode);
        var kind = (await HttpJson.ReadJsonAsync(supported)).GetProperty("kinds").EnumerateArray().Single();
        Assert.Equal(("exact", "base-sepolia"), (kind.GetProperty("scheme").GetString(), kind.GetProperty("network").GetString()));
        Assert.Equal(1000m, (await HttpJson.ReadJsonAsync(balance)).GetProperty("usdc").GetDecimal());
    }

    [Fact]
    public async Task ADemoOnARealNetworkRefusesToStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StoreHost.StartAsync(Merge(Sandbox(), new Dictionary<string, string?>
        {
            ["Payments:X402:Simulated"] = "false",
            ["Payments:X402:Network"] = "base",
            ["Payments:X402:FacilitatorUrl"] = "https://facilitator.example",
        })));

        var message = Assert.Single(error.Failures);
        Assert.StartsWith("Payments:X402:Simulated=false takes real USDC on base in a demo install", message);
    }

    [Fact]
    public async Task ALiveStoreOnTheSimulatedNetworkRefusesToStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StoreHost.StartAsync(Merge(RealVenice(), RealStripe(), KeyRingCertificate(_folder),
            new Dictionary<string, string?>
            {
                ["Payments:X402:Simulated"] = "true",
                ["Payments:X402:Network"] = "base-sepolia",
                ["Payments:X402:FacilitatorUrl"] = "/x402-sim",
            })));

        var message = Assert.Single(error.Failures);
        Assert.StartsWith("Payments:X402:Simulated=true would sell real keys for simulated USDC", message);
    }

    [Fact]
    public async Task TheSimulatedNetworkSettledByARealFacilitatorIsRefused()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Payments:X402:FacilitatorUrl"] = "https://facilitator.example",
        }));

        Assert.Contains("a simulated network is settled only by the facilitator stand-in", error.Message);
    }

    public void Dispose() => StoreHost.DeleteDataDirectory(_folder);
}
