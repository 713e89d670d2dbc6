using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Components.Orders;
using CheapTokens.Blazor.Venice;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Components;

/// <summary>The real buyer-keys service, on a store minting on its simulated Venice.</summary>
public class BuyerKeysTests
{
    [Fact]
    public async Task ReadsAMintedKeysUsageFromVeniceAndFindsItGoneOnceRevoked()
    {
        await using var store = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));
        var token = await store.BuyCreditsAsync(5);
        var fulfilled = await store.WaitForOrderStatusAsync(token, "fulfilled");
        var keyId = fulfilled.GetProperty("veniceKeyId").GetString()!;
        var keys = store.Get<IBuyerKeys>();
        var endpoint = store.Get<KeyEndpoint>();

        Assert.True(endpoint.Simulated);
        Assert.Equal("http://store.test/venice-sim/api/v1", endpoint.BaseUrl("http://store.test/"));
        Assert.Equal(KeyUsageReading.Of(0m), await keys.ReadUsageAsync(keyId, null, default));

        var order = await store.OrderByTokenAsync(token);
        await using (var scope = store.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ConsoleKeyRevocation>().RevokeKeysAsync(order.Id, "ops@example.com", default);

        Assert.Equal(KeyUsageReading.Gone, await keys.ReadUsageAsync(keyId, null, default));
    }
}
