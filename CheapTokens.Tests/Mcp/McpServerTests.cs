using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Mcp;
using CheapTokens.Core.Payments.X402;
using CheapTokens.Tests.Payments.X402;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CheapTokens.Tests.Mcp;

/// <summary>The store's MCP server, driven by the MCP SDK's own client over streamable HTTP, as an agent drives it.</summary>
public class McpServerTests
{
    private const string PayTo = "0x1111222233334444555566667777888899990000";

    private static Task<StoreHost> StartAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        StoreHost.StartAsync(settings, new FakeTimeProvider(StoreHost.Afternoon), services);

    [Fact]
    public async Task AnAgentFindsEveryToolWithADescriptionAndTheGuidesAsResources()
    {
        await using var host = await StartAsync();
        await using var client = await StoreMcpClient.ConnectAsync(host);

        var tools = await client.ListToolsAsync();
        var resources = await client.ListResourcesAsync();
        var guide = await client.ReadResourceAsync(StoreDocsResources.AgentsUri);

        Assert.Equal(
            ["get_order", "get_payment_requirement", "get_price", "get_price_curve", "get_supply", "quote_credits", "quote_pass"],
            tools.Select(t => t.Name).Order());
        Assert.All(tools, t => Assert.True(t.Description.Length > 80, $"{t.Name} has too short a description for an agent to act on"));
        Assert.Equal([StoreDocsResources.AgentsUri, StoreDocsResources.ApiUri, StoreDocsResources.X402Uri], resources.Select(r => r.Uri).Order());
        var text = Assert.IsType<TextResourceContents>(Assert.Single(guide.Contents));
        Assert.Equal("text/markdown", text.MimeType);
        Assert.StartsWith("# Buying as an agent", text.Text);
    }

    [Fact]
    public async Task ThePriceIsTheApisLiveBoardInUsd()
    {
        await using var host = await StartAsync();
        await using var client = await StoreMcpClient.ConnectAsync(host);
        using var http = host.CreateClient();

        var price = await client.CallAsync("get_price");
        var board = await http.GetFromJsonAsync<JsonElement>("/api/prices");

        Assert.Equal("USD", price.GetProperty("currency").GetString());
        Assert.Equal(board.GetProperty("unitPrice").GetDecimal(), price.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(board.GetProperty("listPrice").GetDecimal(), price.GetProperty("listPrice").GetDecimal());
        Assert.Equal(board.GetProperty("discountPercent").GetDecimal(), price.GetProperty("discountPercent").GetDecimal());
        Assert.Equal(board.GetProperty("asOf").GetDateTimeOffset(), price.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), price.GetProperty("nextMidnightUtc").GetDateTimeOffset());
        Assert.Equal(TimeSpan.Zero, price.GetProperty("nextMidnightUtc").GetDateTimeOffset().Offset);
    }

    [Fact]
    public async Task TheCurveGivesThePriceNowAndAtEachComingHourUntilMidnight()
    {
        await using var host = await StartAsync();
        await using var client = await StoreMcpClient.ConnectAsync(host);

        var price = await client.CallAsync("get_price");
        var curve = await client.CallAsync("get_price_curve");

        var prices = curve.GetProperty("prices").EnumerateArray().ToList();
        // 15:00 (now), then 16:00 to 23:00.
        Assert.Equal(Enumerable.Range(15, 9).Select(h => new DateTimeOffset(2026, 11, 21, h, 0, 0, TimeSpan.Zero)),
            prices.Select(p => p.GetProperty("at").GetDateTimeOffset()));
        Assert.Equal(price.GetProperty("unitPrice").GetDecimal(), prices[0].GetProperty("unitPrice").GetDecimal());
        Assert.True(prices[^1].GetProperty("unitPrice").GetDecimal() < prices[0].GetProperty("unitPrice").GetDecimal());
        Assert.Equal("USD", curve.GetProperty("currency").GetString());
        Assert.NotEmpty(curve.GetProperty("curvePoints").EnumerateArray());
    }

    [Fact]
    public async Task SupplyIsWhatIsLeftTodayAndSaysWhenSalesArePaused()
    {
        await using var host = await StartAsync();
        await using var client = await StoreMcpClient.ConnectAsync(host);
        using var http = host.CreateClient();

        var supply = await client.CallAsync("get_supply");
        var board = await http.GetFromJsonAsync<JsonElement>("/api/prices");

        Assert.Equal(board.GetProperty("supply").GetProperty("remaining").GetInt32(), supply.GetProperty("creditsLeftToday").GetInt32());
        Assert.Equal(board.GetProperty("supply").GetProperty("total").GetInt32(), supply.GetProperty("creditsOnSaleToday").GetInt32());
        Assert.Equal(board.GetProperty("ordersLeftToday").ToString(), supply.GetProperty("ordersLeftToday").ToString());
        Assert.False(supply.GetProperty("salesPaused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, supply.GetProperty("pauseReason").ValueKind);
    }

    [Fact]
    public async Task AQuotesRequirementAsksForItsTotalInUsdcToTheConfiguredAddressOnTheConfiguredNetwork()
    {
        await using var host = await StartAsync(new() { ["Payments:X402:PayTo"] = PayTo });
        await using var client = await StoreMcpClient.ConnectAsync(host);

        var quote = await client.CallAsync("quote_credits", new() { ["credits"] = 10 });
        var payment = await client.CallAsync("get_payment_requirement", new() { ["quoteId"] = quote.GetProperty("quoteId").GetString() });

        var total = quote.GetProperty("total").GetDecimal();
        Assert.Equal("USD", quote.GetProperty("currency").GetString());
        Assert.True(quote.GetProperty("expiresAt").GetDateTimeOffset() > StoreHost.Afternoon);
        var requirement = payment.GetProperty("requirement");
        Assert.Equal(((long)(total * 1_000_000)).ToString(), requirement.GetProperty("maxAmountRequired").GetString());
        Assert.Equal(PayTo, requirement.GetProperty("payTo").GetString());
        Assert.Equal("base-sepolia", requirement.GetProperty("network").GetString());
        Assert.Equal("exact", requirement.GetProperty("scheme").GetString());
        Assert.Equal(new Uri(host.BaseAddress, "/api/x402/orders").ToString(), requirement.GetProperty("resource").GetString());
        Assert.Equal(requirement.GetProperty("resource").GetString(), payment.GetProperty("url").GetString());
        Assert.Equal("POST", payment.GetProperty("method").GetString());
        Assert.Equal("""{"credits":10}""", payment.GetProperty("body").GetRawText());
        Assert.Contains("X-PAYMENT", payment.GetProperty("howToPay").GetString());
        // The requirement parses as the protocol core reads it.
        Assert.NotNull(requirement.Deserialize<PaymentRequirements>(X402Json.Options));
    }

    [Fact]
    public async Task ARequirementFromTheServerIsPaidDirectlyWithItsBodyForThatQuote()
    {
        await using var host = await StartAsync();
        await using var client = await StoreMcpClient.ConnectAsync(host);
        var agent = new X402Agent(host);

        var quote = await client.CallAsync("quote_credits", new() { ["credits"] = 7 });
        var quoteId = quote.GetProperty("quoteId").GetString();
        var payment = await client.CallAsync("get_payment_requirement", new() { ["quoteId"] = quoteId });
        // Asking twice hands out the same requirement and still one offer.
        await client.CallAsync("get_payment_requirement", new() { ["quoteId"] = quoteId });
        var requirement = payment.GetProperty("requirement").Deserialize<PaymentRequirements>(X402Json.Options)!;

        // No 402 first: the body the tool named, paid with the requirement it handed out.
        using var paid = await agent.SendAsync(payment.GetProperty("body"), agent.Sign(requirement));

        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var order = await HttpJson.ReadJsonAsync(paid);
        Assert.Contains(order.GetProperty("status").GetString(), new[] { "paid", "provisioning", "fulfilled" });
        Assert.Equal(7, order.GetProperty("credits").GetInt32());
        Assert.Equal(quote.GetProperty("total").GetDecimal(), order.GetProperty("total").GetDecimal());
        await using var db = await host.Get<IDbContextFactory<StoreDbContext>>().CreateDbContextAsync();
        var taken = await db.Quotes.AsNoTracking().SingleAsync(q => q.Id == Guid.Parse(quoteId!));
        Assert.NotNull(taken.UsedByOrderId);
    }

    [Fact]
    public async Task APassQuotesRequirementNamesThePassBody()
    {
        await using var host = await StartAsync();
        await using var client = await StoreMcpClient.ConnectAsync(host);

        var quote = await client.CallAsync("quote_pass", new() { ["diemPerDay"] = 5, ["dates"] = new[] { "2026-11-23", "2026-11-21" } });
        var payment = await client.CallAsync("get_payment_requirement", new() { ["quoteId"] = quote.GetProperty("quoteId").GetString() });

        Assert.Equal("pass", quote.GetProperty("product").GetString());
        Assert.Equal(2, quote.GetProperty("dates").GetArrayLength());
        Assert.Equal("""{"diemPerDay":5,"dates":["2026-11-21","2026-11-23"]}""", payment.GetProperty("body").GetRawText());
    }

    [Fact]
    public async Task AnOrderIsReadByItsTokenAsTheApiAnswersItAndAnUnknownTokenIsRefused()
    {
        await using var host = await StartAsync();
        await using var client = await StoreMcpClient.ConnectAsync(host);
        var mine = await host.BuyCreditsAsync(credits: 3);
        var someoneElses = await host.BuyCreditsAsync(credits: 4);
        var fromApi = await host.WaitForOrderStatusAsync(mine, "fulfilled");

        var order = await client.CallAsync("get_order", new() { ["token"] = mine });
        var unknown = await client.RefusedAsync("get_order", new() { ["token"] = (mine[0] == 'A' ? "B" : "A") + mine[1..] });
        var malformed = await client.RefusedAsync("get_order", new() { ["token"] = "../orders" });

        Assert.Equal(mine, order.GetProperty("token").GetString());
        Assert.Equal("fulfilled", order.GetProperty("status").GetString());
        Assert.Equal(3, order.GetProperty("credits").GetInt32());
        Assert.Equal(fromApi.GetProperty("apiKey").GetString(), order.GetProperty("apiKey").GetString());
        Assert.EndsWith("No order has this token.", unknown);
        Assert.EndsWith("No order has this token.", malformed);
        Assert.DoesNotContain(someoneElses, unknown + malformed);
    }

    [Fact]
    public async Task BadInputIsAToolErrorThatSaysWhatIsWrong()
    {
        await using var host = await StartAsync();
        await using var client = await StoreMcpClient.ConnectAsync(host);

        var zero = await client.RefusedAsync("quote_credits", new() { ["credits"] = 0 });
        var tooMany = await client.RefusedAsync("quote_credits", new() { ["credits"] = 1_000_000 });
        var notANumber = await client.RefusedAsync("quote_credits", new() { ["credits"] = "ten" });
        var missing = await client.RefusedAsync("quote_credits", new());
        var pastDate = await client.RefusedAsync("quote_pass", new() { ["diemPerDay"] = 5, ["dates"] = new[] { "2026-11-20" } });
        var datesNotAList = await client.RefusedAsync("quote_pass", new() { ["diemPerDay"] = 5, ["dates"] = "2026-11-21" });
        var notAQuote = await client.RefusedAsync("get_payment_requirement", new() { ["quoteId"] = "quote-1" });
        var unknownQuote = await client.RefusedAsync("get_payment_requirement", new() { ["quoteId"] = Guid.NewGuid().ToString() });

        Assert.Contains("Invalid input: credits: Credits must be at least 1.", zero);
        Assert.Contains("Invalid input: credits: Credits must be at most 1000 per order.", tooMany);
        Assert.Equal("Invalid input: credits must be a whole number (was \"ten\").", notANumber);
        Assert.Equal("Invalid input: credits is required.", missing);
        Assert.Equal("Invalid input: dates must be a list of strings (was \"2026-11-21\").", datesNotAList);
        Assert.Contains("2026-11-20", pastDate);
        Assert.Contains("UUID", notAQuote);
        Assert.EndsWith("No quote has this id; ask for a new one.", unknownQuote);
        foreach (var message in new[] { zero, tooMany, notANumber, missing, pastDate, datesNotAList, notAQuote, unknownQuote })
            Assert.DoesNotContain("   at ", message);
    }

    [Fact]
    public async Task AnExpiredQuoteHasNoRequirement()
    {
        await using var host = await StartAsync(new() { ["Checkout:QuoteHoldSeconds"] = "30" });
        await using var client = await StoreMcpClient.ConnectAsync(host);
        var quote = await client.CallAsync("quote_credits", new() { ["credits"] = 10 });

        host.Clock.Advance(TimeSpan.FromSeconds(25));
        var tooLate = await client.RefusedAsync("get_payment_requirement", new() { ["quoteId"] = quote.GetProperty("quoteId").GetString() });
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        var expired = await client.RefusedAsync("get_payment_requirement", new() { ["quoteId"] = quote.GetProperty("quoteId").GetString() });

        Assert.Contains("too soon to be paid", tooLate);
        var expiresAt = quote.GetProperty("expiresAt").GetDateTimeOffset().UtcDateTime;
        Assert.Contains($"expired at {expiresAt:yyyy-MM-dd'T'HH:mm:ss'Z'}", expired);
    }

    [Fact]
    public async Task QuotesOverMcpCountAgainstTheSameQuoteLimitAsTheApi()
    {
        await using var host = await StartAsync(new() { ["RateLimits:QuotesPerMinute"] = "2" });
        await using var client = await StoreMcpClient.ConnectAsync(host);
        using var http = host.CreateClient();

        await client.CallAsync("quote_credits", new() { ["credits"] = 5 });
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/quotes", new { credits = 5 })).StatusCode);
        var refused = await client.RefusedAsync("quote_credits", new() { ["credits"] = 5 });
        using var apiRefused = await http.PostAsJsonAsync("/api/quotes", new { credits = 5 });

        Assert.Matches(@"Too many requests from your address; try again in \d+ s\.$", refused);
        Assert.Equal(HttpStatusCode.TooManyRequests, apiRefused.StatusCode);
        // Reading the price is no quote.
        await client.CallAsync("get_price");
    }

    [Fact]
    public async Task TheEndpointIsStatelessNeverCachedAndUnderTheApisLookUpLimit()
    {
        await using var host = await StartAsync(new() { ["RateLimits:OrderLookupsPerMinute"] = "3" });
        using var http = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var answer = await http.SendAsync(Ping());
            statuses.Add(answer.StatusCode);
            if (answer.IsSuccessStatusCode)
            {
                Assert.True(answer.Headers.CacheControl?.NoStore, "an MCP answer may carry a key: never cached");
                // Stateless: no session to pin a client to one node, so several nodes need no sticky front.
                Assert.False(answer.Headers.Contains("Mcp-Session-Id"));
            }
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
                Assert.Equal("rate_limited", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
                Assert.NotNull(answer.Headers.RetryAfter);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        // The same count as order look-ups: the API's are refused too now.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.GetAsync("/api/orders/no-such-token")).StatusCode);
    }

    [Fact]
    public async Task NeitherTheOrderTokenNorItsKeyReachesTheLogs()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(new() { ["Logging:LogLevel:Default"] = "Debug", ["Logging:LogLevel:ModelContextProtocol"] = "Debug" }, s => s.AddSingleton<ILoggerProvider>(logs));
        var token = await host.BuyCreditsAsync(credits: 2);
        var key = (await host.WaitForOrderStatusAsync(token, "fulfilled")).GetProperty("apiKey").GetString()!;
        var before = logs.Lines.Count;
        await using (var client = await StoreMcpClient.ConnectAsync(host))
        {
            Assert.Equal(key, (await client.CallAsync("get_order", new() { ["token"] = token })).GetProperty("apiKey").GetString());
        }

        var mcpLines = logs.Lines.Skip(before).ToList();
        Assert.Contains(mcpLines, l => l.Contains("ModelContextProtocol", StringComparison.Ordinal));
        Assert.DoesNotContain(mcpLines, l => l.Contains(token, StringComparison.Ordinal) || l.Contains(key, StringComparison.Ordinal));
    }

    /// <summary>A JSON-RPC ping as any MCP client posts it; stateless, it needs no session first.</summary>
    private static HttpRequestMessage Ping()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, McpServiceCollectionExtensions.Path)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return request;
    }
}
