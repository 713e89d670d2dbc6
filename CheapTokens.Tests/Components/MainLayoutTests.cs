using Bunit;
using CheapTokens.Blazor.Components.Layout;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Payments.Stripe;
using CheapTokens.Blazor.Venice;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace CheapTokens.Tests.Components;

public class MainLayoutTests : ComponentTestContext
{
    private IRenderedComponent<MainLayout> RenderWith(bool simulatedVenice, string processor, string stripeApiBase, string address = "/")
    {
        Services.AddSingleton(Options.Create(new VeniceOptions { Simulator = new VeniceSimulatorOptions { Enabled = simulatedVenice } }));
        Services.AddSingleton(Options.Create(new PaymentsOptions { Processor = processor }));
        Services.AddSingleton(Options.Create(new StripeOptions { ApiBase = stripeApiBase }));
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return Render<MainLayout>(ps => ps.Add(p => p.Body, b => b.AddContent(0, "page")));
    }

    [Theory]
    [InlineData(true, PaymentsOptions.StripeProcessor, "/stripe-sim", "keys and money are simulated (a stand-in Venice and a Stripe stand-in that takes Stripe's test cards)")]
    [InlineData(true, PaymentsOptions.SandboxProcessor, "/stripe-sim", "keys and money are simulated (a stand-in Venice and the payment sandbox)")]
    [InlineData(true, PaymentsOptions.StripeProcessor, StripeOptions.RealApiBase, "keys are simulated (a stand-in Venice)")]
    [InlineData(false, PaymentsOptions.StripeProcessor, "/stripe-sim", "money is simulated (a Stripe stand-in that takes Stripe's test cards)")]
    public void TheBannerSaysWhichStandInIsOn(bool simulatedVenice, string processor, string stripeApiBase, string expected)
    {
        var cut = RenderWith(simulatedVenice, processor, stripeApiBase);

        Assert.Contains(expected, cut.Find("[data-testid=demo-banner]").TextContent);
    }

    [Fact]
    public void WithRealVeniceAndRealStripeThereIsNoBanner()
    {
        var cut = RenderWith(false, PaymentsOptions.StripeProcessor, StripeOptions.RealApiBase);

        Assert.Empty(cut.FindAll("[data-testid=demo-banner]"));
    }

    [Theory]
    [InlineData("/", "Store")]
    [InlineData("/?utm=x", "Store")]
    [InlineData("/orders", "My orders")]
    [InlineData("/orders/abc123", "My orders")]
    [InlineData("/docs", "API docs")]
    [InlineData("/no-such-page", null)]
    public void TheNavigationMarksTheSectionThePageIsIn(string address, string? current)
    {
        var cut = RenderWith(true, PaymentsOptions.SandboxProcessor, "/stripe-sim", address);

        var marked = cut.FindAll("nav.site-nav a[aria-current=page]");
        Assert.Equal(current is null ? [] : [current], marked.Select(a => a.TextContent).ToArray<string>());
        Assert.Equal(marked.Count, cut.FindAll("nav.site-nav a.active").Count);
        Assert.Equal(["/", "/orders", "/docs"], cut.FindAll("nav.site-nav a").Select(a => a.GetAttribute("href") ?? "").ToArray());
    }
}
