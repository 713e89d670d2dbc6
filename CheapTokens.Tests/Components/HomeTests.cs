using Bunit;
using CheapTokens.Blazor.Components.Live;
using CheapTokens.Blazor.Components.Pages;

namespace CheapTokens.Tests.Components;

/// <summary>The live price board on /: one feed subscription for the page, one render per new tick.</summary>
public class HomeTests : ComponentTestContext
{
    private IRenderedComponent<Home> RenderLive()
    {
        Feed.Publish(Board());
        var cut = Render<Home>();
        cut.WaitForAssertion(() => Assert.Equal(1, Feed.SubscriberCount));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=buy-credits]").GetAttribute("data-interactive")));
        return cut;
    }

    [Fact]
    public void PublishingASnapshotRerendersPriceMoveDiscountAndCountdown()
    {
        var cut = RenderLive();
        Assert.Equal("$0.475000", cut.Find("[data-testid=live-price]").TextContent);
        Assert.Equal("10 h", cut.Find("[data-testid=countdown]").TextContent);

        Clock.Advance(TimeSpan.FromMinutes(1));
        Feed.Publish(Board());

        cut.WaitForAssertion(() => Assert.Equal("$0.474375", cut.Find("[data-testid=live-price]").TextContent));
        Assert.StartsWith("▼", cut.Find("[data-testid=price-move]").TextContent);
        Assert.Contains("52.56% off list $1.00", cut.Find("[data-testid=discount]").TextContent);
        Assert.Equal("9 h 59 min", cut.Find("[data-testid=countdown]").TextContent);
        Assert.Equal("35940", cut.Find("[data-testid=countdown]").GetAttribute("data-seconds"));
    }

    [Fact]
    public void PublishingAnIdenticalSnapshotRendersNothing()
    {
        var cut = RenderLive();
        var price = cut.FindComponent<LivePrice>();
        var countdown = cut.FindComponent<MidnightCountdown>();
        var supply = cut.FindComponent<SupplyRemaining>();
        var (priceRenders, countdownRenders, supplyRenders) = (price.RenderCount, countdown.RenderCount, supply.RenderCount);

        // The same board again, then one where only the supply moved.
        Feed.Publish(Feed.Latest!);
        Feed.Publish(Board(sold: 1));

        cut.WaitForAssertion(() => Assert.Equal("9,999", cut.Find("[data-testid=supply-remaining]").TextContent));
        // One render for the one change; nothing for the identical board, nothing where the numbers stayed.
        Assert.Equal(supplyRenders + 1, supply.RenderCount);
        Assert.Equal(priceRenders, price.RenderCount);
        Assert.Equal(countdownRenders, countdown.RenderCount);
    }

    [Fact]
    public void ASoldOutSnapshotDisablesBuying()
    {
        var cut = RenderLive();
        Assert.False(cut.Find("[data-testid=lock-price]").HasAttribute("disabled"));

        Feed.Publish(Board(supply: 10, sold: 10));

        cut.WaitForAssertion(() => Assert.True(cut.Find("[data-testid=lock-price]").HasAttribute("disabled")));
        Assert.Contains("Sold out", cut.Find("[data-testid=sold-out]").TextContent);
        Assert.Contains("sold out", cut.Find("[data-testid=sold-out-message]").TextContent);
    }

    [Fact]
    public void OrdersLeftTodayShowBesideTheCreditsAndFollowEachTick()
    {
        var cut = RenderLive();
        // A board without a capacity figure shows none.
        Assert.Empty(cut.FindAll("[data-testid=orders-left]"));

        Feed.Publish(Board() with { OrdersLeftToday = 1234 });
        cut.WaitForAssertion(() => Assert.Equal("1,234", cut.Find("[data-testid=orders-left-count]").TextContent));
        Assert.Contains("orders left today", cut.Find("[data-testid=supply-remaining]").ParentElement!.TextContent);

        Feed.Publish(Board() with { OrdersLeftToday = 0 });
        cut.WaitForAssertion(() => Assert.Contains("No more orders today", cut.Find("[data-testid=orders-left-none]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=orders-left-count]"));
    }
}
