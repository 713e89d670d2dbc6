using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Api;
using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.KeyPool;

/// <summary>Several Venice accounts: the simulated Venice keeps each admin key's limits apart, and orders go where there is room.</summary>
public class VeniceAccountsTests
{
    private const string KeyA = "account-a-admin-5d1e";
    private const string KeyB = "account-b-admin-9c07";

    private static Task<StoreHost> StartAsync(int rateLimit, int maxLiveKeys) =>
        StoreHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Venice:Accounts:0:Name"] = "a",
                ["Venice:Accounts:0:AdminKey"] = KeyA,
                ["Venice:Accounts:1:Name"] = "b",
                ["Venice:Accounts:1:AdminKey"] = KeyB,
                ["Venice:Simulator:RateLimitPerMinute"] = rateLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Venice:Simulator:MaxLiveKeys"] = maxLiveKeys.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["KeyPool:MaxActiveKeysPerAccount"] = maxLiveKeys.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Venice:RetryBaseDelayMs"] = "10",
                ["RateLimits:Enabled"] = "false",
            },
            new FakeTimeProvider(StoreHost.Afternoon),
            services => services.AddSingleton<VeniceRequestLog>().AddSingleton(new CapturingLoggerProvider()));

    private static object NewKeyBody(string description) => new
    {
        apiKeyType = VeniceNames.InferenceKeyType,
        description,
        consumptionLimit = new { diem = 1 },
        expiresAt = "2026-11-22T00:00:00.000Z",
    };

    private static async Task<HttpResponseMessage> CreateAsync(StoreHost host, string adminKey, string description = "test key")
    {
        using var admin = host.CreateSimulatorClient(adminKey);
        return await admin.PostAsJsonAsync("api_keys", NewKeyBody(description));
    }

    private static async Task SweepAsync(StoreHost host)
    {
        // The sweep lists every account, which is also how the store learns each account's active keys.
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ExpiredKeySweepJob>().SweepAsync(default);
    }

    [Fact]
    public async Task TheSimulatedVeniceRateLimitsKeyCreationPerAdminKeyWithRetryAfter()
    {
        await using var host = await StartAsync(rateLimit: 3, maxLiveKeys: 100);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await CreateAsync(host, KeyA)).StatusCode);
        var limited = await CreateAsync(host, KeyA);
        var otherAccount = await CreateAsync(host, KeyB);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, otherAccount.StatusCode);
    }

    [Fact]
    public async Task TheSimulatedVeniceCapsActiveKeysPerAdminKeyAndListsEachAccountsOwnKeys()
    {
        await using var host = await StartAsync(rateLimit: 100, maxLiveKeys: 2);

        Assert.Equal(HttpStatusCode.OK, (await CreateAsync(host, KeyA)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CreateAsync(host, KeyA)).StatusCode);
        var refused = await CreateAsync(host, KeyA);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Maximum of 2 active API keys", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await CreateAsync(host, KeyB)).StatusCode);
        Assert.Equal(2, await host.LiveKeyCountAsync(KeyA));
        Assert.Equal(1, await host.LiveKeyCountAsync(KeyB));
    }

    [Fact]
    public async Task AnOrderGoesToTheAccountWithRoomAndWhenNoneHasRoomNothingIsSold()
    {
        await using var host = await StartAsync(rateLimit: 100, maxLiveKeys: 2);
        Assert.Equal(HttpStatusCode.OK, (await CreateAsync(host, KeyA, "someone else's key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CreateAsync(host, KeyA, "someone else's key")).StatusCode);
        await SweepAsync(host);

        var order = await host.WaitForOrderStatusAsync(await host.BuyCreditsAsync(credits: 3), "fulfilled");

        var keyId = order.GetProperty("veniceKeyId").GetString()!;
        var accounts = host.Get<VeniceAccounts>();
        Assert.Null(await accounts.ClientFor("a").GetKeyAsync(keyId, default));
        Assert.Equal(3m, (await accounts.ClientFor("b").GetKeyAsync(keyId, default))!.DiemLimit);
        await using (var db = await host.OpenDbAsync())
        {
            Assert.Equal("b", (await db.OrderKeys.AsNoTracking().SingleAsync()).VeniceAccount);
        }

        // Account b's second key fills it too: no key can be issued anywhere, so nothing more is sold.
        Assert.Equal(HttpStatusCode.OK, (await CreateAsync(host, KeyB, "someone else's key")).StatusCode);
        await SweepAsync(host);
        using var http = host.CreateClient();
        var quote = await http.PostAsJsonAsync("/api/quotes", new { credits = 1 });

        Assert.Equal(HttpStatusCode.Conflict, quote.StatusCode);
        var problem = await quote.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ProblemCodes.KeyCapacity, problem.GetProperty("code").GetString());
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Contains("Nothing was charged", problem.GetProperty("detail").GetString());
        Assert.Equal((1, 1, 1), await host.CountRowsAsync());

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PriceTickJob>().TickAsync(default);
        }
        var prices = await http.GetFromJsonAsync<JsonElement>("/api/prices");
        Assert.Equal(0, prices.GetProperty("ordersLeftToday").GetInt32());
    }
}
