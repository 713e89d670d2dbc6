using System.Net;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Security;

/// <summary>Pages that can show a key are never kept by a browser's or a proxy's cache.</summary>
public class KeyPagesCacheTests
{
    [Fact]
    public async Task EveryPageThatCanShowAKeyAnswersNoStore()
    {
        await using var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));
        var token = await host.BuyCreditsAsync(credits: 2);
        var apiKey = (await host.WaitForOrderStatusAsync(token, "fulfilled")).GetProperty("apiKey").GetString()!;
        using var http = host.CreateClient();
        http.DefaultRequestHeaders.Add("Cookie", $"ct_orders={token}");

        foreach (var path in new[] { "/", "/orders", $"/orders/{token}" })
        {
            using var response = await http.GetAsync(path);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path} answered Cache-Control: {response.Headers.CacheControl}");
        }
        using var orderPage = await http.GetAsync($"/orders/{token}");
        Assert.Contains(apiKey, await orderPage.Content.ReadAsStringAsync());
    }
}
