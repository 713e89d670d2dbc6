using System.Net;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Security;

/// <summary>HTTPS redirection and HSTS when there is HTTPS to go to; the default plain-http run is left alone.</summary>
public class HttpsHandlingTests
{
    [Fact]
    public async Task APlainHttpAppWithoutAProxyServesAsIsWithoutHsts()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/prices");
        // Even a forwarded-proto header from an untrusted caller changes nothing.
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task BehindATrustedProxyPlainHttpIsRedirectedAndHttpsAnswersCarryHsts()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:TrustedProxies:0"] = "127.0.0.1" });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        using var plain = await http.SendAsync(Proxied("/docs?x=1", "http"));
        using var secure = await http.SendAsync(Proxied("/docs", "https"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, plain.StatusCode);
        Assert.Equal("https://shop.example/docs?x=1", plain.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        var hsts = Assert.Single(secure.Headers.GetValues("Strict-Transport-Security"));
        Assert.StartsWith("max-age=31536000", hsts);
    }

    private static HttpRequestMessage Proxied(string path, string scheme)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "shop.example";
        request.Headers.Add("X-Forwarded-Proto", scheme);
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        return request;
    }
}
