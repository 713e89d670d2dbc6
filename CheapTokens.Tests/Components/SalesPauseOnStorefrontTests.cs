using Bunit;
using CheapTokens.Blazor.Components.Pages;

namespace CheapTokens.Tests.Components;

/// <summary>The storefront follows a pause live: the reason shows and buying is disabled, then both undo on resume.</summary>
public class SalesPauseOnStorefrontTests : ComponentTestContext
{
    [Fact]
    public void APausedBoardShowsTheReasonAndDisablesLockingAPriceUntilSalesResume()
    {
        Feed.Publish(Board());
        var cut = Render<Home>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=buy-credits]").GetAttribute("data-interactive")));
        Assert.Empty(cut.FindAll("[data-testid=sales-paused]"));
        Assert.False(cut.Find("[data-testid=lock-price]").HasAttribute("disabled"));

        Feed.Publish(Board() with { SalesPausedReason = "Back at 16:00 UTC." });

        cut.WaitForAssertion(() => Assert.Contains("Sales are paused. Back at 16:00 UTC.", cut.Find("[data-testid=sales-paused]").TextContent));
        Assert.True(cut.Find("[data-testid=lock-price]").HasAttribute("disabled"));

        Feed.Publish(Board());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=sales-paused]")));
        Assert.False(cut.Find("[data-testid=lock-price]").HasAttribute("disabled"));
    }
}
