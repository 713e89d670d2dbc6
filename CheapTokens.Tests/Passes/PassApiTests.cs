using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Supply;
using CheapTokens.Tests.Support;
using static CheapTokens.Tests.Support.HttpJson;

namespace CheapTokens.Tests.Passes;

public class PassApiTests : CheckoutApiTest
{
        private Task<HttpResponseMessage> PostRawAsync(string body) =>
        Client.PostAsync("/api/quotes", new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task<string[]> ErrorsOfAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"errors.{field} missing in {problem}");
        return messages.EnumerateArray().Select(m => m.GetString()!).ToArray();
    }

    [Fact]
    public async Task APassQuoteAnswers201WithPerDateLinesAndTotal()
    {
        var response = await Client.PostAsJsonAsync("/api/quotes", new { diemPerDay = 5, dates = new[] { "2026-11-22", "2026-11-21" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await ReadJsonAsync(response);
        Assert.Equal("pass", json.GetProperty("product").GetString());
        Assert.Equal(5, json.GetProperty("diemPerDay").GetInt32());
        Assert.Equal(10, json.GetProperty("credits").GetInt32());
        var lines = json.GetProperty("dates").EnumerateArray()
            .Select(d => (d.GetProperty("date").GetString(), d.GetProperty("unitPrice").GetDecimal(), d.GetProperty("price").GetDecimal()))
            .ToList();
        Assert.Equal([("2026-11-21", 0.635m, 3.18m), ("2026-11-22", 0.75m, 3.75m)], lines);
        Assert.Equal(6.93m, json.GetProperty("total").GetDecimal());
        Assert.Equal(StoreHost.Afternoon.AddSeconds(60), json.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ACreditsQuoteSaysItIsCreditsAndHasNoDates()
    {
        var json = await ReadJsonAsync(await Client.PostAsJsonAsync("/api/quotes", new { credits = 2 }));

        Assert.Equal("credits", json.GetProperty("product").GetString());
        Assert.False(json.TryGetProperty("dates", out _));
        Assert.False(json.TryGetProperty("diemPerDay", out _));
    }

    [Fact]
    public async Task CreditsAndPassFieldsTogetherAreA400NamingBoth()
    {
        var response = await PostRawAsync("""{"credits":5,"diemPerDay":5,"dates":["2026-11-22"]}""");

        Assert.NotEmpty(await ErrorsOfAsync(response, "credits"));
        Assert.NotEmpty(await ErrorsOfAsync(await PostRawAsync("""{"credits":5,"dates":["2026-11-22"]}"""), "dates"));
        Assert.Equal((0, 0, 0), await _host.CountRowsAsync());
    }

    [Fact]
    public async Task NeitherCreditsNorPassFieldsIsA400NamingBoth()
    {
        var response = await PostRawAsync("{}");

        Assert.NotEmpty(await ErrorsOfAsync(response, "credits"));
        Assert.NotEmpty(await ErrorsOfAsync(await PostRawAsync("{}"), "diemPerDay"));
    }

    [Theory]
    [InlineData("""{"diemPerDay":5,"dates":["2026-11-20"]}""", "2026-11-20")]
    [InlineData("""{"diemPerDay":5,"dates":["2026-12-21"]}""", "2026-12-21")]
    [InlineData("""{"diemPerDay":5,"dates":["2026-11-22","2026-11-22"]}""", "2026-11-22")]
    [InlineData("""{"diemPerDay":5,"dates":["2026-02-30"]}""", "2026-02-30")]
    [InlineData("""{"diemPerDay":5,"dates":["2026-11-22",7]}""", "#2")]
    public async Task ABadDateIsAProblemUnderDatesNamingTheDate(string body, string named)
    {
        var messages = await ErrorsOfAsync(await PostRawAsync(body), "dates");

        Assert.Contains(messages, m => m.Contains(named, StringComparison.Ordinal));
        Assert.Equal((0, 0, 0), await _host.CountRowsAsync());
    }

    [Theory]
    [InlineData("""{"dates":["2026-11-22"]}""")]
    [InlineData("""{"diemPerDay":0,"dates":["2026-11-22"]}""")]
    [InlineData("""{"diemPerDay":101,"dates":["2026-11-22"]}""")]
    [InlineData("""{"diemPerDay":"five","dates":["2026-11-22"]}""")]
    public async Task BadDiemPerDayIsAProblemNamingTheField(string body) =>
        Assert.NotEmpty(await ErrorsOfAsync(await PostRawAsync(body), "diemPerDay"));

    [Fact]
    public async Task ASoldOutDateIs409NamingTheDate()
    {
        Assert.True(await _host.SellElsewhereAsync(98, new DateOnly(2026, 11, 23)));

        var response = await Client.PostAsJsonAsync("/api/quotes", new { diemPerDay = 5, dates = new[] { "2026-11-22", "2026-11-23" } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ReadJsonAsync(response);
        Assert.Contains("2026-11-23", problem.GetProperty("detail").GetString());
        var date = Assert.Single(problem.GetProperty("dates").EnumerateArray());
        Assert.Equal(("2026-11-23", 2), (date.GetProperty("date").GetString(), date.GetProperty("remaining").GetInt32()));
    }

    [Fact]
    public async Task APassOrderReadsBackWithItsRuns()
    {
        var quote = await ReadJsonAsync(await Client.PostAsJsonAsync("/api/quotes",
            new { diemPerDay = 5, dates = new[] { "2026-11-21", "2026-11-22", "2026-11-25" } }));
        var placed = await _host.PlaceOverHttpAsync(
            new { quoteId = quote.GetProperty("id").GetGuid(), email = "buyer@example.com", paymentMethod = "sandbox_ok" }, "key-pass-api-1");
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var token = (await ReadJsonAsync(placed)).GetProperty("token").GetString();

        var fulfillment = _host.Get<OrderFulfillment>();
        var orderId = _host.Get<RecordingProvisioningQueue>().Orders.Single();
        var job = Assert.IsType<NextRun.Due>(await fulfillment.StartNextRunAsync(orderId, default)).Job;
        await fulfillment.RecordKeyAsync(orderId, job.OrderKeyId, "vk_7", "vapi_pass_key_777777", job.ExpiresAt, default);

        var response = await Client.GetAsync($"/api/orders/{token}");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var json = await ReadJsonAsync(response);
        Assert.Equal("pass", json.GetProperty("product").GetString());
        Assert.Equal(5, json.GetProperty("diemPerDay").GetInt32());
        Assert.Equal("provisioning", json.GetProperty("status").GetString());
        Assert.Equal("vapi_pass_key_777777", json.GetProperty("apiKey").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), json.GetProperty("expiresAt").GetDateTimeOffset());

        var runs = json.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        Assert.Equal(("2026-11-21", "2026-11-22", "minted", 5), (runs[0].GetProperty("dateFrom").GetString(), runs[0].GetProperty("dateTo").GetString(),
            runs[0].GetProperty("status").GetString(), runs[0].GetProperty("credits").GetInt32()));
        Assert.Equal(StoreHost.Afternoon, runs[0].GetProperty("mintAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), runs[0].GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(("vapi_pass_key_777777", "vk_7"), (runs[0].GetProperty("apiKey").GetString(), runs[0].GetProperty("veniceKeyId").GetString()));

        Assert.Equal(("2026-11-25", "2026-11-25", "scheduled"), (runs[1].GetProperty("dateFrom").GetString(), runs[1].GetProperty("dateTo").GetString(),
            runs[1].GetProperty("status").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), runs[1].GetProperty("mintAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), runs[1].GetProperty("expiresAt").GetDateTimeOffset());
        Assert.False(runs[1].TryGetProperty("apiKey", out _));
    }

    [Fact]
    public async Task PassDatesListsTheHorizonWithSupplyAndPrice()
    {
        var json = await ReadJsonAsync(await Client.GetAsync("/api/passes/dates"));

        var dates = json.EnumerateArray().ToList();
        Assert.Equal(30, dates.Count);
        Assert.Equal(("2026-11-21", 100, false, 0.635m), (dates[0].GetProperty("date").GetString(), dates[0].GetProperty("remaining").GetInt32(),
            dates[0].GetProperty("soldOut").GetBoolean(), dates[0].GetProperty("unitPrice").GetDecimal()));
        Assert.Equal(0.75m, dates[1].GetProperty("unitPrice").GetDecimal());
    }
}
