using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Security;

public class RequestBodyLimitTests
{
    private static string PassQuoteWithDates(int count) =>
        "{\"diemPerDay\":1,\"dates\":[" + string.Join(",", Enumerable.Repeat("1", count)) + "]}";

    [Fact]
    public async Task ABodyOverSixteenKilobytesIsRefusedWith413ProblemAndASmallAnswer()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        using var response = await http.PostAsync("/api/quotes", new StringContent(PassQuoteWithDates(20_000), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Length < 1024, $"answer of {body.Length} characters");
        Assert.Equal(413, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task AChunkedBodyIsCutOffAtTheLimitToo()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(PassQuoteWithDates(20_000))));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/quotes") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ABodyUnderTheLimitIsReadAsBefore()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        using var response = await http.PostAsJsonAsync("/api/quotes", new { credits = 2 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
