using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheapTokens.Blazor.Api;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Supply;
using CheapTokens.Core.Time;
using CheapTokens.Tests.Support;
using static CheapTokens.Tests.Support.HttpJson;

namespace CheapTokens.Tests.Checkout;

public class StoreApiTests : CheckoutApiTest
{
    private static object OrderBody(Guid quoteId, string method = SandboxPaymentProcessor.Ok) =>
        new { quoteId, email = "buyer@example.com", paymentMethod = method };

    [Fact]
    public async Task PostingAQuoteAnswers201WithTheLockedPrice()
    {
        var response = await Client.PostAsJsonAsync("/api/quotes", new { credits = 10 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await ReadJsonAsync(response);
        Assert.Equal(10, json.GetProperty("credits").GetInt32());
        Assert.Equal(0.635m, json.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(6.35m, json.GetProperty("total").GetDecimal());
        Assert.Equal(StoreHost.Afternoon.AddSeconds(60), json.GetProperty("expiresAt").GetDateTimeOffset());
        var saved = await _host.Get<QuoteService>().FindAsync(json.GetProperty("id").GetGuid(), default);
        Assert.NotNull(saved);
        Assert.Equal((10, 0.635m, 6.35m), (saved.Credits, saved.UnitPrice, saved.Total));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"credits":null}""")]
    [InlineData("""{"credits":"ten"}""")]
    [InlineData("""{"credits":1.5}""")]
    [InlineData("""{"credits":0}""")]
    [InlineData("""{"credits":100000}""")]
    public async Task BadCreditsAreAProblemNamingTheFieldAndNothingIsStored(string body)
    {
        var response = await Client.PostAsync("/api/quotes", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertValidationProblemAsync(response, "credits");
        Assert.Equal((0, 0, 0), await _host.CountRowsAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public async Task BodyThatIsNotAJsonObjectIsAProblem(string body)
    {
        var response = await Client.PostAsync("/api/quotes", new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertValidationProblemAsync(response, "body");
    }

    [Fact]
    public async Task SoldOutQuoteIs409()
    {
        Assert.True(await _host.SellElsewhereTodayAsync(100));

        var response = await Client.PostAsJsonAsync("/api/quotes", new { credits = 1 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(0, (await ReadJsonAsync(response)).GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task PlacingAnOrderAnswers201WithTokenAndStatus()
    {
        var quoteId = await _host.QuoteOverHttpAsync(credits: 2);

        var response = await _host.PlaceOverHttpAsync(OrderBody(quoteId), "key-api-00001");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await ReadJsonAsync(response);
        var token = json.GetProperty("token").GetString();
        Assert.Equal(43, token!.Length);
        Assert.Equal("paid", json.GetProperty("status").GetString());
        Assert.Equal($"/api/orders/{token}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SameIdempotencyKeyTwiceAnswersTheSavedStatusAndBody()
    {
        var quoteId = await _host.QuoteOverHttpAsync();

        var first = await _host.PlaceOverHttpAsync(OrderBody(quoteId), "key-api-twice");
        var second = await _host.PlaceOverHttpAsync(OrderBody(quoteId), "key-api-twice");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.False(first.Headers.Contains(StoreApi.ReplayedHeader));
        Assert.Equal(["true"], second.Headers.GetValues(StoreApi.ReplayedHeader));
        Assert.Equal((1, 1, 1), await _host.CountRowsAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("has spaces in the key")]
    public async Task MissingOrMalformedIdempotencyKeyIs400AndStoresNothing(string? key)
    {
        var quoteId = await _host.QuoteOverHttpAsync();

        var response = await _host.PlaceOverHttpAsync(OrderBody(quoteId), key);

        await AssertValidationProblemAsync(response, "Idempotency-Key");
        Assert.Equal((1, 0, 0), await _host.CountRowsAsync());
    }

    public static TheoryData<string, string> BadOrderFields => new()
    {
        { """{"email":"buyer@example.com","paymentMethod":"sandbox_ok"}""", "quoteId" },
        { """{"quoteId":"nope","email":"buyer@example.com","paymentMethod":"sandbox_ok"}""", "quoteId" },
        { """{"quoteId":"QUOTE","paymentMethod":"sandbox_ok"}""", "email" },
        { """{"quoteId":"QUOTE","email":"not-an-email","paymentMethod":"sandbox_ok"}""", "email" },
        { """{"quoteId":"QUOTE","email":42,"paymentMethod":"sandbox_ok"}""", "email" },
        { """{"quoteId":"QUOTE","email":"buyer@example.com"}""", "paymentMethod" },
        { """{"quoteId":"QUOTE","email":"buyer@example.com","paymentMethod":"cash"}""", "paymentMethod" },
    };

    [Theory]
    [MemberData(nameof(BadOrderFields))]
    public async Task BadOrderFieldsAreAProblemNamingTheFieldAndNothingIsStored(string body, string field)
    {
        var quoteId = await _host.QuoteOverHttpAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = new StringContent(body.Replace("QUOTE", quoteId.ToString()), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "key-api-bad-field");

        var response = await Client.SendAsync(request);

        await AssertValidationProblemAsync(response, field);
        Assert.Equal((1, 0, 0), await _host.CountRowsAsync());
    }

    [Fact]
    public async Task ExpiredQuoteIs410()
    {
        var quoteId = await _host.QuoteOverHttpAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(2));

        var response = await _host.PlaceOverHttpAsync(OrderBody(quoteId), "key-api-expired");

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((1, 0, 0), await _host.CountRowsAsync());
    }

    [Fact]
    public async Task DeclinedPaymentIs402WithTheCode()
    {
        var quoteId = await _host.QuoteOverHttpAsync();

        var response = await _host.PlaceOverHttpAsync(OrderBody(quoteId, SandboxPaymentProcessor.InsufficientFunds), "key-api-declined");

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var json = await ReadJsonAsync(response);
        Assert.Equal("insufficient_funds", json.GetProperty("code").GetString());
        Assert.Equal(402, json.GetProperty("status").GetInt32());
        Assert.Equal("declined", json.GetProperty("orderStatus").GetString());
    }

    [Fact]
    public async Task ProcessorErrorIs503AndRetryable()
    {
        var quoteId = await _host.QuoteOverHttpAsync();

        var response = await _host.PlaceOverHttpAsync(OrderBody(quoteId, SandboxPaymentProcessor.ProcessorError), "key-api-error1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True((await ReadJsonAsync(response)).GetProperty("retryable").GetBoolean());
    }

    [Fact]
    public async Task IdempotencyKeyReusedForAnotherQuoteIs422()
    {
        var first = await _host.QuoteOverHttpAsync();
        var second = await _host.QuoteOverHttpAsync();
        await _host.PlaceOverHttpAsync(OrderBody(first), "key-api-reused");

        var response = await _host.PlaceOverHttpAsync(OrderBody(second), "key-api-reused");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task OrderIsReadBackByTokenWithItsKeyOnceFulfilled()
    {
        var quoteId = await _host.QuoteOverHttpAsync(credits: 3);
        var token = (await ReadJsonAsync(await _host.PlaceOverHttpAsync(OrderBody(quoteId), "key-api-read1"))).GetProperty("token").GetString();

        var paid = await Client.GetAsync($"/api/orders/{token}");
        var paidJson = await ReadJsonAsync(paid);
        Assert.Equal("paid", paidJson.GetProperty("status").GetString());
        Assert.False(paidJson.TryGetProperty("apiKey", out _));
        Assert.Equal("no-store", paid.Headers.CacheControl?.ToString());

        var fulfillment = _host.Get<OrderFulfillment>();
        var job = Assert.IsType<NextRun.Due>(await fulfillment.StartNextRunAsync(_host.Get<RecordingProvisioningQueue>().Orders.Single(), default)).Job;
        await fulfillment.RecordKeyAsync(job.OrderId, job.OrderKeyId, "vk_42", "vapi_live_key_123456", job.ExpiresAt, default);

        var json = await ReadJsonAsync(await Client.GetAsync($"/api/orders/{token}"));
        Assert.Equal("fulfilled", json.GetProperty("status").GetString());
        Assert.Equal(3, json.GetProperty("credits").GetInt32());
        Assert.Equal("vapi_live_key_123456", json.GetProperty("apiKey").GetString());
        Assert.Equal("vk_42", json.GetProperty("veniceKeyId").GetString());
        Assert.Equal(UtcDay.NextMidnight(StoreHost.Afternoon), json.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(StoreHost.Afternoon, json.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(0.635m, json.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(1.91m, json.GetProperty("total").GetDecimal()); // 3 × 0.635 = 1.905, rounded half-up to cents
    }

    [Theory]
    [InlineData("0123456789012345678901234567890123456789abc")]
    [InlineData("garbage")]
    public async Task UnknownTokenIs404Problem(string token)
    {
        var response = await Client.GetAsync($"/api/orders/{token}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

        private static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"errors.{field} missing in {problem}");
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.False(problem.ToString().Contains("   at ", StringComparison.Ordinal), "stack trace leaked");
    }
}
