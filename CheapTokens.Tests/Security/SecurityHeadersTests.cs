using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Security;

public class SecurityHeadersTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/docs")]
    [InlineData("/orders")]
    [InlineData("/api/prices")]
    [InlineData("/api/orders/no-such-token")]
    [InlineData("/api/passes/dates")]
    [InlineData("/openapi/v1.json")]
    public async Task EveryAnswerCarriesThePoliciesAndNoServerName(string path)
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        using var response = await http.GetAsync(path);

        AssertHeaders(response);
    }

    [Fact]
    public async Task AnOrdersOwnPageCarriesThemToo()
    {
        await using var host = await StoreScenarios.StartCheckoutAsync();
        var token = (await host.PaidOrderAsync()).Token;
        using var http = host.CreateClient();

        using var response = await http.GetAsync($"/orders/{token}");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        AssertHeaders(response);
    }

    private static void AssertHeaders(HttpResponseMessage response)
    {
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")));
        Assert.False(response.Headers.Contains("Server"));
    }
}
