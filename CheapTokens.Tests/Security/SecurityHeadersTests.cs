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
    public async Task EveryAnswerCarriesThePoliciesAndNoServerName(string path)
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        using var response = await http.GetAsync(path);

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
