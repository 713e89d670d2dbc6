using System.Net;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Security;

/// <summary>
/// The public scheme, as the connection or a trusted front says, decides HSTS and Secure cookies; only an app that
/// listens on HTTPS itself redirects, and never its own calls; plain HTTP in Production without a front is warned of.
/// </summary>
public sealed class HttpsHandlingTests : IDisposable
{
    private const string PlainHttpWarning = "Serving plain HTTP in Production with no trusted proxy";
    private readonly string _folder = StoreHost.NewDataDirectory();

    [Fact]
    public async Task APlainHttpAppWithoutAProxyServesAsIsWithoutHstsAndWarnsAtStart()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StoreHost.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var http = NoRedirects(host);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/prices");
        // Even a forwarded-proto header from an untrusted caller changes nothing.
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        var warning = Assert.Single(logs.Lines, l => l.Contains(PlainHttpWarning, StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning);
        Assert.Contains("RateLimits:TrustedProxies", warning);
    }

    [Fact]
    public async Task BehindAPlainHttpFrontNothingIsRedirectedNoCookieIsSecureAndOrdersAreFulfilled()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:TrustedProxies:0"] = "127.0.0.1" },
            new FakeTimeProvider(StoreHost.Afternoon), s => s.AddSingleton<ILoggerProvider>(logs));
        using var http = NoRedirects(host);

        using var page = await http.SendAsync(Proxied("/", "http"));
        using var health = await http.GetAsync("/health/ready");
        // The buyer's calls come straight from the front's address; the node's own calls to its simulated Venice follow.
        var token = await host.BuyCreditsAsync(credits: 2);
        var order = await host.WaitForOrderStatusAsync(token, "fulfilled");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(HttpStatusCode.PermanentRedirect, health.StatusCode);
        Assert.False(string.IsNullOrEmpty(order.GetProperty("apiKey").GetString()));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(PlainHttpWarning, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BehindAnHttpsFrontAnswersCarryHstsAndCookiesAreSecure()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:TrustedProxies:0"] = "127.0.0.1" });
        using var http = NoRedirects(host);

        using var secure = await http.SendAsync(Proxied("/", "https"));
        using var plain = await http.SendAsync(Proxied("/docs?x=1", "http"));

        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        var hsts = Assert.Single(secure.Headers.GetValues("Strict-Transport-Security"));
        Assert.StartsWith("max-age=31536000", hsts);
        var cookie = Assert.Single(secure.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        // What arrived over plain HTTP at the front is the front's to redirect.
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task AnAppListeningOnHttpsRedirectsVisitorsButNotItsOwnCalls()
    {
        var certificate = Path.Combine(_folder, "tls.pfx");
        InstallSettings.WriteCertificate(certificate, "127.0.0.1").Dispose();
        var logs = new CapturingLoggerProvider();
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0;https://127.0.0.1:0",
            ["Kestrel:Certificates:Default:Path"] = certificate,
            ["Kestrel:Certificates:Default:Password"] = InstallSettings.CertificatePassword,
        }, services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var http = NoRedirects(host);
        Assert.Equal("http", host.BaseAddress.Scheme);

        using var visitor = await http.GetAsync("/docs");
        using var ownVenice = await http.GetAsync("/venice-sim/api/v1/models");
        using var ownStripe = await http.PostAsync("/stripe-sim/v1/payment_intents", null);

        Assert.Equal(HttpStatusCode.PermanentRedirect, visitor.StatusCode);
        Assert.Equal("https", visitor.Headers.Location?.Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, ownVenice.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ownStripe.StatusCode);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(PlainHttpWarning, StringComparison.Ordinal));
    }

    private static HttpClient NoRedirects(StoreHost host) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

    private static HttpRequestMessage Proxied(string path, string scheme)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "shop.example";
        request.Headers.Add("X-Forwarded-Proto", scheme);
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        return request;
    }

    public void Dispose() => StoreHost.DeleteDataDirectory(_folder);
}
