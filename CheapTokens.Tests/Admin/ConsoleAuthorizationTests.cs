using System.Net;
using System.Security.Claims;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Components;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Admin;

/// <summary>A console route is closed unless it says otherwise; the store's own routes stay open.</summary>
public class ConsoleAuthorizationTests : IAsyncLifetime
{
    private StoreHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };

    /// <summary>Every routable page of the console, found in the app's assembly: none opens for an anonymous visitor.</summary>
    [Fact]
    public async Task EveryConsolePageRefusesAnAnonymousVisitor()
    {
        var pages = ConsoleRoutes.All(typeof(App).Assembly);
        Assert.True(pages.Count >= 12, string.Join(", ", pages.Select(p => p.Template)));
        using var client = Anonymous();
        foreach (var (page, template) in pages)
        {
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(template.TrimStart('/'), @"\{[^}]+\}",
                m => m.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "x");
            var response = await client.GetAsync(path);
            if (path == OperatorConsoleServiceCollectionExtensions.SignInPath)
            {
                // The one page a visitor is meant to open.
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                continue;
            }
            var location = response.Headers.Location?.OriginalString ?? "";
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path} answered {(int)response.StatusCode}");
            // The sign-in pages send a visitor without a right password to the sign-in; everything else to the sign-in with a way back.
            var isSignIn = page.GetCustomAttributes(typeof(IAllowAnonymous), inherit: true).Length > 0;
            Assert.True(isSignIn ? path.StartsWith("/admin/sign-in", StringComparison.Ordinal) && location.EndsWith("/admin/sign-in", StringComparison.Ordinal)
                    : location.Contains("/admin/sign-in?", StringComparison.Ordinal),
                $"{path} sent an anonymous visitor to {location}");
        }
    }

    [Theory]
    [InlineData("/admin/a-page-nobody-protected")]
    [InlineData("/ADMIN/x")]
    [InlineData("/admin/orders/not-a-guid")]
    public async Task AConsolePathWithoutAnAttributeOrEvenAnEndpointIsClosed(string path)
    {
        using var client = Anonymous();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/admin/sign-in?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownDownloadUnderTheConsoleAnswersUnauthorized()
    {
        using var client = Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin/export/new.csv")).StatusCode);
    }

    [Fact]
    public async Task TheFallbackPolicyClosesConsolePathsToAllButFullOperatorsAndLeavesTheStoreOpen()
    {
        var fallback = (await _host.Get<IAuthorizationPolicyProvider>().GetFallbackPolicyAsync())!;
        var authorization = _host.Get<IAuthorizationService>();
        async Task<bool> AllowsAsync(ClaimsPrincipal user, string path) =>
            (await authorization.AuthorizeAsync(user, new DefaultHttpContext { Request = { Path = path } }, fallback)).Succeeded;
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        ClaimsPrincipal Operator(params Claim[] extra) => new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "ops@example.com"), new Claim(ClaimTypes.Role, OperatorConsoleServiceCollectionExtensions.OperatorRole), .. extra], "test"));

        foreach (var open in new[] { "/", "/orders", "/orders/abc", "/api/prices", "/hubs/prices", "/health/live", "/app.css", "/_framework/blazor.web.js", "/venice-sim/api/v1/models", "/stripe-sim/v1/payment_intents", "/docs", "/administrator", "/admin.evil.com" })
            Assert.True(await AllowsAsync(anonymous, open), open);
        foreach (var closed in new[] { "/admin", "/admin/", "/admin/new-page", "/Admin/Orders" })
        {
            Assert.False(await AllowsAsync(anonymous, closed), closed);
            Assert.False(await AllowsAsync(Operator(new Claim(OperatorConsoleServiceCollectionExtensions.MustChangePasswordClaim, "true")), closed), closed);
            Assert.False(await AllowsAsync(Operator(new Claim(OperatorConsoleServiceCollectionExtensions.MustEnrolClaim, "true")), closed), closed);
            Assert.True(await AllowsAsync(Operator(), closed), closed);
        }
    }

    [Fact]
    public async Task TheStoresPublicRoutesStillAnswerAnAnonymousVisitor()
    {
        using var client = Anonymous();
        foreach (var path in new[] { "/", "/orders", "/docs", "/api/prices", "/health/live", "/health/ready", "/app.css", "/_framework/blazor.web.js" })
            Assert.True((await client.GetAsync(path)).StatusCode == HttpStatusCode.OK, path);
        var negotiate = await client.PostAsync("/hubs/prices/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
    }

    [Route("/admin/page-without-attribute")]
    private sealed class PageWithoutAttribute : ComponentBase;

    [Route("/admin/open-on-purpose")]
    [AllowAnonymous]
    private sealed class AnonymousOnPurpose : ComponentBase;

    [Route("/a-store-page")]
    private sealed class StorePage : ComponentBase;

    /// <summary>In a live page, navigation reaches a page without a request: the router gives an unmarked console page the operator policy.</summary>
    [Fact]
    public void TheRouterGivesAConsolePageWithoutAnAttributeTheOperatorPolicy()
    {
        Assert.True(ConsoleRoutes.NeedsDefaultPolicy(typeof(PageWithoutAttribute)));
        Assert.False(ConsoleRoutes.NeedsDefaultPolicy(typeof(AnonymousOnPurpose)));
        Assert.False(ConsoleRoutes.NeedsDefaultPolicy(typeof(StorePage)));
        Assert.False(ConsoleRoutes.NeedsDefaultPolicy(typeof(Blazor.Components.Admin.Dashboard)));
        // Every console page of the app names its policy (or is a sign-in page).
        Assert.All(ConsoleRoutes.All(typeof(App).Assembly), p => Assert.False(ConsoleRoutes.NeedsDefaultPolicy(p.Page), p.Template));
    }
}

public class ConsoleReturnUrlTests
{
    [Theory]
    [InlineData("/admin", "/admin")]
    [InlineData("/admin/orders", "/admin/orders")]
    [InlineData("/admin/orders?status=Paid&x=%2F", "/admin/orders?status=Paid&x=%2F")]
    [InlineData("/admin/orders/6f1c2d9e-0000-4000-8000-000000000001", "/admin/orders/6f1c2d9e-0000-4000-8000-000000000001")]
    [InlineData(null, "/admin")]
    [InlineData("", "/admin")]
    [InlineData("/", "/admin")]
    [InlineData("/orders", "/admin")]
    [InlineData("/admin.evil.com", "/admin")]
    [InlineData("/administrator", "/admin")]
    [InlineData("/adminx/orders", "/admin")]
    [InlineData("//evil.com", "/admin")]
    [InlineData("//evil.com/admin", "/admin")]
    [InlineData("/\\evil.com", "/admin")]
    [InlineData("/admin/\\evil.com", "/admin")]
    [InlineData("/admin//evil.com", "/admin")]
    [InlineData("https://evil.com/admin", "/admin")]
    [InlineData("http:/admin", "/admin")]
    [InlineData("javascript:alert(1)", "/admin")]
    [InlineData("/admin/../x", "/admin")]
    [InlineData("/admin/./orders", "/admin")]
    [InlineData("/admin/%2e%2e/x", "/admin")]
    [InlineData("/admin/%2E%2E%2Fx", "/admin")]
    [InlineData("/admin%2f..%2fx", "/admin")]
    [InlineData("/admin/%5cevil", "/admin")]
    [InlineData("/admin/orders#frag", "/admin")]
    [InlineData("/admin/\r\nSet-Cookie: x", "/admin")]
    [InlineData("admin/orders", "/admin")]
    public void OnlyALocalPathUnderTheConsoleIsKept(string? returnUrl, string expected) => Assert.Equal(expected, ConsoleReturnUrl.Safe(returnUrl));
}
