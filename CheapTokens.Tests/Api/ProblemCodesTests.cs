using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Api;

/// <summary>Every problem answer carries its HTTP status as a number and a machine-readable code.</summary>
public class ProblemCodesTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Problem)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task EachKindOfRefusalNamesItsCode()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();
        var quote = await (await http.PostAsJsonAsync("/api/quotes", new { credits = 1 })).Content.ReadFromJsonAsync<JsonElement>();
        var quoteId = quote.GetProperty("id").GetGuid();
        HttpRequestMessage Order(string method, string key) => new(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { quoteId, email = "buyer@example.com", paymentMethod = method }),
            Headers = { { "Idempotency-Key", key } },
        };

        var cases = new (HttpRequestMessage Request, HttpStatusCode Status, string Code)[]
        {
            (new(HttpMethod.Post, "/api/quotes") { Content = JsonContent.Create(new { credits = 0 }) }, HttpStatusCode.BadRequest, "invalid_request"),
            (new(HttpMethod.Post, "/api/quotes") { Content = JsonContent.Create(new { credits = 1_000_000 }) }, HttpStatusCode.BadRequest, "invalid_request"),
            (new(HttpMethod.Get, "/api/orders/no-such-token"), HttpStatusCode.NotFound, "order_not_found"),
            (new(HttpMethod.Get, "/api/no-such-route"), HttpStatusCode.NotFound, "not_found"),
            (Order("sandbox_declined", "key-declined-1"), HttpStatusCode.PaymentRequired, "card_declined"),
            (Order("sandbox_insufficient_funds", "key-insufficient-1"), HttpStatusCode.PaymentRequired, "insufficient_funds"),
            (Order("sandbox_error", "key-processor-1"), HttpStatusCode.ServiceUnavailable, "processor_error"),
            // The waiting order above holds the quote now.
            (Order("sandbox_ok", "key-another-order-1"), HttpStatusCode.Conflict, "quote_used"),
            (Order("sandbox_ok", "key-declined-1"), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused"),
        };

        foreach (var (request, status, code) in cases)
        {
            var (actualStatus, problem) = await SendAsync(http, request);
            Assert.Equal((status, (int)status, code), (actualStatus, problem.GetProperty("status").GetInt32(), problem.GetProperty("code").GetString()));
        }
    }
}
