using CheapTokens.Tests.Venice;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheapTokens.Blazor.Venice;
using CheapTokens.StandIns.Venice;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.StandIns;

/// <summary>The simulated Venice in a default install: a generated admin key, admin routes for local callers only, validated input.</summary>
public sealed class VeniceSimulatorGuardTests
{
    /// <summary>The key the stand-in used to accept from its source code; it must open nothing now.</summary>
    private const string OldSourceKey = "sim-admin-key";

    /// <summary>Header a test-only middleware turns into the connection's remote address, to play a caller from elsewhere.</summary>
    private const string RemoteIpHeader = "X-Test-Remote-Ip";

    private static Task<StoreHost> StartDefaultAsync(string? dataDirectory = null, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Venice:Simulator:Enabled"] = "true", ["Venice:AdminKey"] = "" };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return StoreHost.StartAsync(settings, new FakeTimeProvider(VeniceSimulation.Morning), services =>
            services.AddTransient<IStartupFilter, RemoteIpFromHeader>(), dataDirectory);
    }

    private static string AdminKeyOf(StoreHost host) => host.Get<IOptions<VeniceOptions>>().Value.AdminKey;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task AdminRoutesRefuseTheOldSourceKeyAndABuyersKey()
    {
        await using var host = await StartDefaultAsync();
        var token = await host.BuyCreditsAsync(credits: 2);
        var buyersKey = (await host.WaitForOrderStatusAsync(token, "fulfilled")).GetProperty("apiKey").GetString();

        foreach (var bearer in new[] { OldSourceKey, buyersKey })
        {
            using var client = host.CreateSimulatorClient(bearer);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api_keys")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("api_keys",
                Json("""{"apiKeyType":"INFERENCE","description":"x","consumptionLimit":{"diem":1000000}}"""))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.DeleteAsync("api_keys?id=anything")).StatusCode);
        }
        using var admin = host.CreateSimulatorClient(AdminKeyOf(host));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("api_keys")).StatusCode);
    }

    [Fact]
    public async Task GeneratedAdminKeyIsOwnerOnlySurvivesARestartAndTheStoreKeepsMintingWithIt()
    {
        var dataDirectory = StoreHost.NewDataDirectory();
        try
        {
            string firstKey;
            await using (var first = await StartDefaultAsync(dataDirectory))
            {
                firstKey = AdminKeyOf(first);
                await first.WaitForOrderStatusAsync(await first.BuyCreditsAsync(credits: 1), "fulfilled");
            }

            var file = Path.Combine(dataDirectory, VeniceSimulatorAdminKey.FileName);
            Assert.StartsWith(VeniceSimulatorAdminKey.Prefix, firstKey);
            Assert.True(firstKey.Length >= VeniceSimulatorAdminKey.Prefix.Length + 43, "32 random bytes in base64url");
            Assert.Equal(firstKey, File.ReadAllText(file));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

            await using var second = await StartDefaultAsync(dataDirectory);
            Assert.Equal(firstKey, AdminKeyOf(second));
            Assert.Equal(firstKey, second.Simulator().AdminKey);
            await second.WaitForOrderStatusAsync(await second.BuyCreditsAsync(credits: 1), "fulfilled");
        }
        finally
        {
            StoreHost.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task AnotherDataFolderGetsAnotherAdminKey()
    {
        await using var one = await StartDefaultAsync();
        await using var other = await StartDefaultAsync();

        Assert.NotEqual(AdminKeyOf(one), AdminKeyOf(other));
    }

    [Theory]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"d","consumptionLimit":{"diem":1e19}}""", "consumptionLimit.diem")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"d","consumptionLimit":{"diem":1e308}}""", "consumptionLimit.diem")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"d","consumptionLimit":{"diem":7.9e28}}""", "consumptionLimit.diem")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"d","consumptionLimit":{"usd":-1e400}}""", "consumptionLimit.usd")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"d","consumptionLimit":{"diem":-0.01}}""", "consumptionLimit.diem")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"d","consumptionLimit":{"usd":-5}}""", "consumptionLimit.usd")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"d","expiresAt":"not a date"}""", "expiresAt")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"d","expiresAt":1e308}""", "expiresAt")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"d","expiresAt":"99999-01-01T00:00:00.000Z"}""", "expiresAt")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"a\u0000b"}""", "description")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"d","description":"e"}""", "JSON object")]
    public async Task OutOfRangeInputGets400Never500(string body, string mentioned)
    {
        await using var host = await StartDefaultAsync();
        using var admin = host.CreateSimulatorClient(AdminKeyOf(host));

        var created = await admin.PostAsync("api_keys", Json(body));
        var patched = await admin.PatchAsync("api_keys/some-id", Json(body.Replace("\"apiKeyType\":\"INFERENCE\",", "", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains(mentioned, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, patched.StatusCode);
    }

    [Fact]
    public async Task ADescriptionOfThousandsOfCharactersGets400()
    {
        await using var host = await StartDefaultAsync();
        using var admin = host.CreateSimulatorClient(AdminKeyOf(host));

        var answer = await admin.PostAsync("api_keys", Json(JsonSerializer.Serialize(new { apiKeyType = "INFERENCE", description = new string('x', 5000) })));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("description", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ALimitAtTheMaximumIsAccepted()
    {
        await using var host = await StartDefaultAsync();
        using var admin = host.CreateSimulatorClient(AdminKeyOf(host));

        var answer = await admin.PostAsync("api_keys", Json(
            $$$"""{"apiKeyType":"INFERENCE","description":"d","consumptionLimit":{"diem":{{{VeniceSimulatorEndpoints.MaxConsumptionLimit}}}}}"""));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.10.20.30", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.5", false)]
    [InlineData("192.168.1.2", false)]
    [InlineData("203.0.113.7", false)]
    [InlineData("::ffff:203.0.113.7", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("0.0.0.0", false)]
    public void OnlyLoopbackAddressesCountAsTheSimulatorsOwnMachine(string address, bool loopback) =>
        Assert.Equal(loopback, VeniceSimulatorCallers.IsLoopback(IPAddress.Parse(address)));

    [Fact]
    public void AnUnknownCallerAddressDoesNotCountAsLoopback() => Assert.False(VeniceSimulatorCallers.IsLoopback(null));

    [Fact]
    public async Task ARemoteCallerGets404ProblemOnAdminRoutesEvenWithTheAdminKeyButMayCallInference()
    {
        await using var host = await StartDefaultAsync();
        var token = await host.BuyCreditsAsync(credits: 2);
        var buyersKey = (await host.WaitForOrderStatusAsync(token, "fulfilled")).GetProperty("apiKey").GetString();
        using var remoteAdmin = host.CreateSimulatorClient(AdminKeyOf(host));
        remoteAdmin.DefaultRequestHeaders.Add(RemoteIpHeader, "203.0.113.7");
        using var remoteBuyer = host.CreateSimulatorClient(buyersKey);
        remoteBuyer.DefaultRequestHeaders.Add(RemoteIpHeader, "203.0.113.7");

        var list = await remoteAdmin.GetAsync("api_keys");
        var create = await remoteAdmin.PostAsync("api_keys", Json("""{"apiKeyType":"INFERENCE","description":"x"}"""));
        var delete = await remoteAdmin.DeleteAsync("api_keys?id=x");
        var chat = await remoteBuyer.PostAsync("chat/completions", VeniceSimulatorTests.ChatBody());
        var models = await remoteBuyer.GetAsync("models");

        foreach (var refused in new[] { list, create, delete })
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(404, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        }
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }

    [Fact]
    public async Task AllowRemoteCallersOpensTheAdminRoutesToOtherAddresses()
    {
        await using var host = await StartDefaultAsync(extra: new Dictionary<string, string?> { ["Venice:Simulator:AllowRemoteCallers"] = "true" });
        using var remoteAdmin = host.CreateSimulatorClient(AdminKeyOf(host));
        remoteAdmin.DefaultRequestHeaders.Add(RemoteIpHeader, "203.0.113.7");

        Assert.Equal(HttpStatusCode.OK, (await remoteAdmin.GetAsync("api_keys")).StatusCode);
    }

    /// <summary>Test-only: the first middleware sets the caller's address from <see cref="RemoteIpHeader"/>, as a remote connection would.</summary>
    private sealed class RemoteIpFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[RemoteIpHeader] is [{ } address]) context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
