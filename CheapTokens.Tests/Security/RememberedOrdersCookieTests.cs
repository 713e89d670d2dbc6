using System.Net;
using System.Net.Http.Json;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Security;

/// <summary>
/// The browser's list of orders is a cookie only the server writes and reads: HttpOnly (no page script sees the
/// tokens), SameSite=Lax, Secure under HTTPS, bounded in count.
/// </summary>
public class RememberedOrdersCookieTests : IAsyncLifetime
{
    private StoreHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await StoreScenarios.StartCheckoutAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task OpeningAnOrderPageSetsAnHttpOnlyLaxCookieThatTheOrdersPageListsFrom()
    {
        var token = (await _host.PaidOrderAsync()).Token!;
        using var http = NoCookieJar();

        using var page = await http.GetAsync($"/orders/{token}");

        var cookie = OrdersCookie(page);
        Assert.StartsWith($"{RememberedOrders.CookieName}={token};", cookie);
        AssertFlags(cookie, secure: false);
        using var list = new HttpRequestMessage(HttpMethod.Get, "/orders");
        list.Headers.Add("Cookie", $"{RememberedOrders.CookieName}={token}");
        var html = await (await http.SendAsync(list)).Content.ReadAsStringAsync();
        Assert.Contains($"/orders/{token}", html);
    }

    [Fact]
    public async Task AnUnknownOrderPageSaysNoOrderHasThatLinkAndSetsNoCookie()
    {
        using var http = NoCookieJar();

        using var page = await http.GetAsync($"/orders/{OrderToken.New()}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("No order has this link", await page.Content.ReadAsStringAsync());
        Assert.DoesNotContain(SetCookies(page), c => c.StartsWith(RememberedOrders.CookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheCookieIsSecureWhenTheRequestCameOverHttpsThroughATrustedProxy()
    {
        await using var proxied = await StoreHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:TrustedProxies:0"] = "127.0.0.1" },
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(StoreHost.Afternoon), TestDoubles.RecordPaidOrders);
        var token = (await proxied.PaidOrderAsync()).Token!;
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = proxied.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/orders/{token}");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        using var page = await http.SendAsync(request);

        AssertFlags(OrdersCookie(page), secure: true);
    }

    [Fact]
    public async Task TheStorePageAddsAnOrderThroughTheSameOriginEndpointNewestFirst()
    {
        var older = (await _host.PaidOrderAsync()).Token!;
        var newer = (await _host.PaidOrderAsync()).Token!;
        using var http = NoCookieJar();

        using var response = await http.SendAsync(Remember(newer, cookie: older, fetchSite: "same-origin"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var cookie = OrdersCookie(response);
        Assert.StartsWith($"{RememberedOrders.CookieName}={newer}.{older};", cookie);
        AssertFlags(cookie, secure: false);
    }

    [Fact]
    public async Task TheListKeepsTheNewestFiftyOrders()
    {
        var token = (await _host.PaidOrderAsync()).Token!;
        var earlier = Enumerable.Range(0, RememberedOrders.MaxOrders).Select(_ => OrderToken.New()).ToList();
        using var http = NoCookieJar();

        using var response = await http.SendAsync(Remember(token, cookie: string.Join('.', earlier), fetchSite: null));

        var value = OrdersCookie(response).Split(';')[0][(RememberedOrders.CookieName.Length + 1)..];
        Assert.Equal([token, .. earlier.Take(RememberedOrders.MaxOrders - 1)], value.Split('.'));
        Assert.True(value.Length < 4000);
    }

    [Fact]
    public async Task AnotherSitesRequestAnUnknownOrderOrANonJsonBodyIsRefusedWithoutACookie()
    {
        var token = (await _host.PaidOrderAsync()).Token!;
        using var http = NoCookieJar();
        using var plainText = new HttpRequestMessage(HttpMethod.Post, "/api/remembered-orders") { Content = new StringContent($"{{\"token\":\"{token}\"}}") };

        var answers = new[]
        {
            await http.SendAsync(Remember(token, cookie: null, fetchSite: "cross-site")),
            await http.SendAsync(Remember(OrderToken.New(), cookie: null, fetchSite: "same-origin")),
            await http.SendAsync(plainText),
        };

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.UnsupportedMediaType], answers.Select(a => a.StatusCode));
        Assert.All(answers, a => Assert.Empty(SetCookies(a)));
        Assert.All(answers, a => Assert.Equal("application/problem+json", a.Content.Headers.ContentType?.MediaType));
    }

    /// <summary>The pages also set the antiforgery cookie; this is the order list's.</summary>
    private static string OrdersCookie(HttpResponseMessage response) =>
        Assert.Single(SetCookies(response), c => c.StartsWith(RememberedOrders.CookieName + "=", StringComparison.Ordinal));

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private static void AssertFlags(string setCookie, bool secure)
    {
        var attributes = setCookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Contains("path=/", attributes);
        Assert.Contains(attributes, a => a.StartsWith("max-age=", StringComparison.Ordinal));
        Assert.Equal(secure, attributes.Contains("secure"));
    }

    private static HttpRequestMessage Remember(string token, string? cookie, string? fetchSite)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/remembered-orders") { Content = JsonContent.Create(new { token }) };
        if (cookie is not null) request.Headers.Add("Cookie", $"{RememberedOrders.CookieName}={cookie}");
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
        return request;
    }

    private HttpClient NoCookieJar() => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };
}
