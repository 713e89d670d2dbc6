using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Api;

public class StoreApiDocumentTests
{
    private static async Task<JsonElement> ReadDocumentAsync()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();
        return await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }

    [Fact]
    public async Task TheDocumentListsEveryStoreEndpointAndNoStandIn()
    {
        var document = await ReadDocumentAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["/api/orders", "/api/orders/{token}", "/api/orders/{token}/cancel", "/api/passes/dates", "/api/prices", "/api/quotes", "/api/x402/orders"], paths);
    }

    [Fact]
    public async Task BuyingOverX402DocumentsThePaymentHeaderAndThe402Answer()
    {
        var document = await ReadDocumentAsync();
        var buy = document.GetProperty("paths").GetProperty("/api/x402/orders").GetProperty("post");

        var header = buy.GetProperty("parameters").EnumerateArray().Single();
        // Optional: the first request goes without it. OpenAPI leaves "required": false out.
        Assert.Equal(("X-PAYMENT", "header", false), (header.GetProperty("name").GetString(), header.GetProperty("in").GetString(),
            header.TryGetProperty("required", out var required) && required.GetBoolean()));
        var responses = buy.GetProperty("responses");
        Assert.Equal(["201", "400", "402", "409", "413", "429", "503"], responses.EnumerateObject().Select(r => r.Name).Order().ToList());
        var paymentRequired = responses.GetProperty("402");
        Assert.Contains("maxAmountRequired", paymentRequired.GetProperty("description").GetString());
        Assert.Contains("invalid_exact_evm_payload_signature", paymentRequired.GetProperty("description").GetString());
        var schema = paymentRequired.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        var properties = document.GetProperty("components").GetProperty("schemas").GetProperty(schema.Split('/')[^1]).GetProperty("properties");
        Assert.Equal(["accepts", "code", "error", "x402Version"], properties.EnumerateObject().Select(p => p.Name).Order().ToList());
        Assert.Contains("X-PAYMENT-RESPONSE", responses.GetProperty("201").GetProperty("description").GetString());
    }

    [Fact]
    public async Task PlacingAnOrderDocumentsTheIdempotencyHeaderBodyAndEveryProblem()
    {
        var document = await ReadDocumentAsync();
        var placeOrder = document.GetProperty("paths").GetProperty("/api/orders").GetProperty("post");

        var header = placeOrder.GetProperty("parameters").EnumerateArray().Single();
        Assert.Equal(("Idempotency-Key", "header", true),
            (header.GetProperty("name").GetString(), header.GetProperty("in").GetString(), header.GetProperty("required").GetBoolean()));
        Assert.EndsWith("/PlaceOrderRequest",
            placeOrder.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());

        var responses = placeOrder.GetProperty("responses");
        Assert.Equal(["201", "400", "402", "409", "410", "413", "422", "429", "503"], responses.EnumerateObject().Select(r => r.Name).Order().ToList());
        Assert.Contains("quote_used", responses.GetProperty("409").GetProperty("description").GetString());
        Assert.Contains("supply_held", responses.GetProperty("409").GetProperty("description").GetString());
        Assert.Contains("too_many_unpaid_orders", responses.GetProperty("429").GetProperty("description").GetString());
        Assert.Contains("idempotency_key_reused", responses.GetProperty("422").GetProperty("description").GetString());
        Assert.Contains("insufficient_funds", responses.GetProperty("402").GetProperty("description").GetString());
        Assert.Contains("processor_error", responses.GetProperty("503").GetProperty("description").GetString());
        Assert.True(responses.GetProperty("402").GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task EveryOperationTakingABodyListsBodyTooLargeAndTheServerAddressHasNoTrailingSlash()
    {
        var document = await ReadDocumentAsync();
        var paths = document.GetProperty("paths");

        foreach (var path in new[] { "/api/quotes", "/api/orders" })
        {
            var tooLarge = paths.GetProperty(path).GetProperty("post").GetProperty("responses").GetProperty("413");
            Assert.Contains("body_too_large", tooLarge.GetProperty("description").GetString());
            Assert.EndsWith("/ProblemDetails", tooLarge.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        }
        Assert.False(paths.GetProperty("/api/prices").GetProperty("get").GetProperty("responses").TryGetProperty("413", out _));
        var servers = document.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()!).ToList();
        Assert.NotEmpty(servers);
        Assert.All(servers, url => Assert.False(url.EndsWith('/'), url));
    }

    [Fact]
    public async Task ResponseSchemasNameTheFieldsTheApiSends()
    {
        var document = await ReadDocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var quote = schemas.GetProperty("QuoteResponse").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Superset(new HashSet<string> { "id", "credits", "unitPrice", "total", "expiresAt", "product" }, quote.ToHashSet());
        var order = schemas.GetProperty("OrderResponse").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Superset(new HashSet<string> { "token", "status", "statusText", "apiKey", "runs" }, order.ToHashSet());
    }

    [Fact]
    public async Task TheDocsPageLinksToTheDocumentAndListsTheProblemCodes()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        var docs = await http.GetStringAsync("/docs");

        Assert.Matches("<a href=\"openapi/v1.json\"", docs);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri(new Uri(host.BaseAddress, "/docs"), "openapi/v1.json"))).StatusCode);
        foreach (var code in new[] { "invalid_request", "card_declined", "insufficient_funds", "sold_out", "quote_expired", "rate_limited", "processor_error", "quote_used", "idempotency_key_reused" })
            Assert.Matches($"<code[^>]*>{code}</code>", docs);
    }
}
