using Bunit;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Components;
using CheapTokens.Blazor.Components.Admin;
using CheapTokens.Blazor.Components.Layout;
using CheapTokens.Blazor.Installation;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Components;

/// <summary>The console's frame: its own header and nothing of the shop's (banner, links, footer).</summary>
public class ConsoleLayoutTests : ComponentTestContext
{
    private IRenderedComponent<ConsoleLayout> RenderAs(string? operatorEmail, bool fullOperator = true, string address = "/admin", StoreMode? mode = null)
    {
        var auth = AddAuthorization();
        if (operatorEmail is not null)
        {
            auth.SetAuthorized(operatorEmail);
            auth.SetRoles(OperatorConsoleServiceCollectionExtensions.OperatorRole);
            if (fullOperator) auth.SetPolicies(OperatorConsoleServiceCollectionExtensions.OperatorPolicy);
        }
        if (mode is not null) Services.AddSingleton(StoreBanner.Of(mode));
        // A live page, as the console's pages are once their circuit is up.
        SetRendererInfo(new RendererInfo("Server", true));
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return Render<ConsoleLayout>(ps => ps.Add(p => p.Body, b => b.AddContent(0, "page")));
    }

    [Fact]
    public void EveryConsolePageIncludingTheSignInWearsTheConsolesLayout()
    {
        var pages = ConsoleRoutes.All(typeof(App).Assembly).Select(r => r.Page).Distinct().ToList();

        Assert.Contains(typeof(SignIn), pages);
        Assert.Contains(typeof(SignInCode), pages);
        Assert.Contains(typeof(TwoFactor), pages);
        Assert.All(pages, page => Assert.Equal(typeof(ConsoleLayout),
            page.GetCustomAttributes(typeof(LayoutAttribute), inherit: true).Cast<LayoutAttribute>().SingleOrDefault()?.LayoutType));
    }

    [Fact]
    public void ASignedInOperatorSeesTheConsolesSectionsWhoIsSignedInAndASignOutButNothingOfTheShop()
    {
        var cut = RenderAs("ops@example.com");

        Assert.Equal("page", cut.Find("main").TextContent.Trim());
        Assert.Equal("ops@example.com", cut.Find("[data-testid=operator-name]").TextContent);
        var signOut = cut.Find("[data-testid=sign-out-form]");
        Assert.Equal(("post", "/admin/sign-out"), (signOut.GetAttribute("method"), signOut.GetAttribute("action")));
        Assert.Equal("Sign out", signOut.QuerySelector("button[type=submit]")!.TextContent);
        Assert.Equal(AdminNav.Sections.Select(s => s.Href), cut.FindAll("nav.admin-nav a").Select(a => a.GetAttribute("href") ?? ""));
        // The shop's frame speaks to buyers: its banner, its links and its footer stay out of the console.
        Assert.Empty(cut.FindAll("[data-testid=demo-banner], nav.site-nav, footer, .site-footer"));
        Assert.DoesNotContain("Keys are real", cut.Markup);
        Assert.DoesNotContain("href=\"/docs\"", cut.Markup);
    }

    [Fact]
    public void AnOperatorOwingAPasswordChangeOrTwoFactorCanSignOutButSeesNoSections()
    {
        var cut = RenderAs("ops@example.com", fullOperator: false, address: "/admin/change-password");

        Assert.Single(cut.FindAll("[data-testid=sign-out]"));
        Assert.Empty(cut.FindAll("nav.admin-nav"));
    }

    [Fact]
    public void TheSignInPageHasNeitherSectionsNorASignOut()
    {
        var cut = RenderAs(null, address: "/admin/sign-in");

        Assert.Empty(cut.FindAll("[data-testid=sign-out], [data-testid=operator-name], nav.admin-nav"));
        Assert.Equal("/admin", cut.Find("header a").GetAttribute("href"));
    }

    [Fact]
    public void ADemoInstallSaysSoInTheConsole()
    {
        var cut = RenderAs("ops@example.com");

        var notice = cut.Find("header [data-testid=console-demo-notice]").TextContent.Trim();
        Assert.StartsWith("Demo store:", notice);
        Assert.Contains("Nothing here is charged.", notice);
    }

    [Fact]
    public void ALiveInstallShowsNoNotice()
    {
        var cut = RenderAs("ops@example.com", mode: new StoreMode(StoreModeName.Live, null, null));

        Assert.Empty(cut.FindAll("[data-testid=console-demo-notice], [data-testid=console-staging-notice]"));
    }

    [Theory]
    [InlineData("/admin", "Dashboard")]
    [InlineData("/admin/orders", "Orders")]
    [InlineData("/admin/orders/3f1c2a9e-0000-0000-0000-000000000000", "Orders")]
    [InlineData("/admin/audit", "Audit log")]
    public void TheNavigationMarksTheSectionThePageIsIn(string address, string current)
    {
        var cut = RenderAs("ops@example.com", address: address);

        Assert.Equal([current], cut.FindAll("nav.admin-nav a[aria-current=page]").Select(a => a.TextContent).ToArray());
    }
}
