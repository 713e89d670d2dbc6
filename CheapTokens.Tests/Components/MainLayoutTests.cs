using Bunit;
using CheapTokens.Blazor.Components.Layout;
using CheapTokens.Blazor.Hosting;
using CheapTokens.Blazor.Installation;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Payments.Stripe;
using CheapTokens.Blazor.Venice;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components;

namespace CheapTokens.Tests.Components;

public class MainLayoutTests : ComponentTestContext
{
    private IRenderedComponent<MainLayout> RenderWith(bool simulatedVenice, string processor, string stripeApiBase, string address = "/",
        string secretKey = "sk_test_x", string declaredMode = "")
    {
        var decision = StoreMode.Decide(new StoreModeOptions { Mode = declaredMode },
            new VeniceOptions { Simulator = new VeniceSimulatorOptions { Enabled = simulatedVenice }, BaseUrl = simulatedVenice ? "/venice-sim/api/v1" : VeniceOptions.DefaultBaseUrl },
            new PaymentsOptions { Processor = processor }, new StripeOptions { ApiBase = stripeApiBase, SecretKey = secretKey },
            keyRingEncrypted: true, isDevelopment: false);
        Assert.Null(decision.Refusal);
        Services.AddSingleton(StoreBanner.Of(decision.Mode));
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return Render<MainLayout>(ps => ps.Add(p => p.Body, b => b.AddContent(0, "page")));
    }

    [Theory]
    [InlineData(PaymentsOptions.StripeProcessor, "/stripe-sim", "keys and money are simulated (a stand-in Venice and a Stripe stand-in that takes Stripe's test cards)")]
    [InlineData(PaymentsOptions.SandboxProcessor, "/stripe-sim", "keys and money are simulated (a stand-in Venice and the payment sandbox)")]
    [InlineData(PaymentsOptions.StripeProcessor, StripeOptions.RealApiBase, "keys and money are simulated (a stand-in Venice and Stripe in test mode, which takes only Stripe's test cards)")]
    public void TheDemoBannerSaysWhichStandInIsOn(string processor, string stripeApiBase, string expected)
    {
        var cut = RenderWith(simulatedVenice: true, processor, stripeApiBase);

        var banner = cut.Find("[data-testid=demo-banner]").TextContent;
        Assert.StartsWith("Demo store:", banner.Trim());
        Assert.Contains(expected, banner);
        Assert.Contains("Nothing here is charged.", banner);
    }

    [Theory]
    [InlineData(false, PaymentsOptions.SandboxProcessor, "sk_test_x", "keys are real Venice keys; money is simulated (the payment sandbox). Nothing here is charged.")]
    [InlineData(true, PaymentsOptions.StripeProcessor, "sk_live_x", "keys are simulated (a stand-in Venice): they do not work against Venice. Payments are real: cards are charged.")]
    public void AStagingStoreSaysWhatIsRealAndWhatIsSimulated(bool simulatedVenice, string processor, string secretKey, string expected)
    {
        var cut = RenderWith(simulatedVenice, processor, StripeOptions.RealApiBase, secretKey: secretKey, declaredMode: "Staging");

        var banner = cut.Find("[data-testid=staging-banner]").TextContent;
        Assert.Equal("Staging store: " + expected, banner.Trim());
        Assert.Empty(cut.FindAll("[data-testid=demo-banner]"));
    }

    [Fact]
    public void ALiveStoreOpensStraightOnThePageWithNoBanner()
    {
        var cut = RenderWith(false, PaymentsOptions.StripeProcessor, StripeOptions.RealApiBase, secretKey: "sk_live_x");

        Assert.Equal("page", cut.Find(".mud-main-content main").TextContent);
        Assert.Contains("Keys are real Venice", cut.Find("footer.site-footer").TextContent);
        Assert.Empty(cut.FindAll("section.demo-banner"));
    }

    [Fact]
    public void ADemoFooterSendsBuyersToItsOwnSimulatorNotToVenice()
    {
        SimulatedKeys();

        var cut = RenderWith(true, PaymentsOptions.SandboxProcessor, "/stripe-sim");

        var footer = cut.Find("footer.site-footer").TextContent;
        Assert.Contains("Keys here are simulated: they work only against this demo's simulated Venice at http://localhost/venice-sim/api/v1", footer);
        Assert.DoesNotContain("api.venice.ai", footer);
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
