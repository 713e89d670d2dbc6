using Bunit;
using CheapTokens.Blazor.Components.Layout;
using CheapTokens.Blazor.Components.Pages;

namespace CheapTokens.Tests.Components;

public class NotFoundTests : ComponentTestContext
{
    [Fact]
    public void RendersInsideTheSiteLayoutWithAWayHome()
    {
        var cut = Render<MainLayout>(ps => ps.Add(p => p.Body, b =>
        {
            b.OpenComponent<NotFound>(0);
            b.CloseComponent();
        }));

        Assert.Equal("Page not found", cut.Find("main h1").TextContent);
        Assert.NotNull(cut.Find("header a.brand[href='/']"));
        Assert.Equal(3, cut.FindAll("nav.site-nav a").Count);
        Assert.Contains("keys and money are simulated", cut.Find("[data-testid=demo-banner]").TextContent);
        Assert.NotNull(cut.Find("main a[href='/']"));
    }
}
