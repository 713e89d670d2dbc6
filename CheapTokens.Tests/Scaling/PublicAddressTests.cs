using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Receipts;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Scaling;

/// <summary>A node's own address is not the store's once there may be several: receipts and links need the public one.</summary>
public sealed class PublicAddressTests
{
    [Fact]
    public async Task ANodeConfiguredForSeveralNodesRefusesToStartWithoutThePublicAddressAndSaysWhichSetting()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Redis:Configuration"] = "127.0.0.1:1" }, new FakeTimeProvider(StoreHost.Afternoon)));

        Assert.Contains("Receipts:StoreBaseUrl", refused.Message);
        Assert.Contains("several nodes", refused.Message);
    }

    [Fact]
    public async Task OneNodeWithoutThePublicAddressStartsAndLinksToTheAddressItListensOn()
    {
        await using var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));

        Assert.Equal(host.BaseAddress.GetLeftPart(UriPartial.Authority), host.Get<AppAddress>().PublicBaseUrl(host.Get<IOptions<ReceiptOptions>>().Value.StoreBaseUrl));
    }
}
