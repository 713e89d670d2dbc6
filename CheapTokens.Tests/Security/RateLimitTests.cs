using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Security;

public class RateLimitTests
{
    [Fact]
    public async Task QuotesPastTheLimitAreRefusedWith429ProblemAndRetryAfter()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:QuotesPerMinute"] = "3" });
        using var http = host.CreateClient();

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/quotes", new { credits = 1 })).StatusCode);
        using var refused = await http.PostAsJsonAsync("/api/quotes", new { credits = 1 });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("rate_limited", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ALimitOnQuotesLeavesPricesAndOrderLookupsAlone()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:QuotesPerMinute"] = "1" });
        using var http = host.CreateClient();
        await http.PostAsJsonAsync("/api/quotes", new { credits = 1 });
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.PostAsJsonAsync("/api/quotes", new { credits = 1 })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/prices")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/orders/no-such-token")).StatusCode);
    }

    [Fact]
    public async Task OrderLookupsHaveTheirOwnLimit()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:OrderLookupsPerMinute"] = "2" });
        using var http = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await http.GetAsync("/api/orders/no-such-token")).StatusCode);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task StripeWebhooksPastTheLimitAreRefusedWith429PerSendingAddress()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:WebhooksPerMinute"] = "3" });
        using var http = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await http.PostAsync("/webhooks/stripe", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);

        // Unsigned, so refused as such until the limit; then refused before the signature is even read.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task AnInvalidLimitStopsStartUpNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            StoreHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:OrdersPerMinute"] = "0" }));

        Assert.Contains("RateLimits:OrdersPerMinute", error.Message);
    }
}
