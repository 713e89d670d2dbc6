using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Security;

/// <summary>Lists in a request have a maximum, and an error answer about a list stays short.</summary>
public class BoundedAnswersTests
{
    private static async Task<(HttpStatusCode Status, string Body)> QuoteAsync(StoreHost host, object body)
    {
        using var http = host.CreateClient();
        using var response = await http.PostAsJsonAsync("/api/quotes", body);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string[] DateErrors(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("dates").EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public async Task MoreDatesThanAreOnSaleAreRefusedWithOneMessage()
    {
        await using var host = await StoreHost.StartAsync();

        var (status, body) = await QuoteAsync(host, new { diemPerDay = 1, dates = Enumerable.Repeat(1, 2_000).ToArray() });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["At most 30 entries are allowed (got 2000)."], DateErrors(body));
        Assert.True(body.Length < 1024, $"answer of {body.Length} characters");
    }

    [Fact]
    public async Task ManyBadDatesAreReportedAsTheFirstTwentyAndACount()
    {
        await using var host = await StoreHost.StartAsync();

        var (status, body) = await QuoteAsync(host, new { diemPerDay = 1, dates = Enumerable.Range(1, 25).ToArray() });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = DateErrors(body);
        Assert.Equal(21, errors.Length);
        Assert.StartsWith("Date #1 must be a string", errors[0]);
        Assert.StartsWith("Date #20 must be a string", errors[19]);
        Assert.Equal("… and 5 more like these.", errors[20]);
    }

    [Fact]
    public async Task TheLimitFollowsTheConfiguredHorizon()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Passes:HorizonDays"] = "3" });

        var (status, body) = await QuoteAsync(host, new { diemPerDay = 1, dates = new[] { "a", "b", "c", "d" } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["At most 3 entries are allowed (got 4)."], DateErrors(body));
    }
}
