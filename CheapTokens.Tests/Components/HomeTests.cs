using Bunit;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Components.Live;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Blazor.Components.Pages;
using Microsoft.AspNetCore.Components;

namespace CheapTokens.Tests.Components;

/// <summary>The live price board on /: one feed subscription for the page, one render per new tick.</summary>
public class HomeTests : ComponentTestContext
{
    private IRenderedComponent<Home> RenderLive(bool openPassForm = false)
    {
        var today = DateOnly.FromDateTime(Start.UtcDateTime);
        Store.Dates = [.. Enumerable.Range(0, 30).Select(i => new DateAvailability(today.AddDays(i), 100, false, 0.75m))];
        Feed.Publish(Board());
        var cut = Render<Home>();
        cut.WaitForAssertion(() => Assert.Equal(1, Feed.SubscriberCount));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=buy-credits]").GetAttribute("data-interactive")));
        if (openPassForm)
        {
            cut.Find("[data-testid=pass-choose-dates]").Click();
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=pass-calendar] button[data-date]")));
        }
        return cut;
    }

    [Fact]
    public void ThePassFormOpensOnDemandWithTheDatesOnSale()
    {
        var cut = RenderLive();
        // Closed, the pass card holds no field, calendar or total: nothing an open page has to keep for it.
        Assert.Empty(cut.FindAll("[data-testid=pass-calendar]"));
        Assert.Empty(cut.FindAll("[data-testid=pass-diem-input]"));
        Assert.Empty(cut.FindComponents<PassCalendar>());
        Assert.Equal("false", cut.Find("[data-testid=pass-choose-dates]").GetAttribute("aria-expanded"));

        cut.Find("[data-testid=pass-choose-dates]").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=pass-calendar] button[data-date]")));
        Assert.Equal("5", cut.Find("[data-testid=pass-diem-input]").GetAttribute("value"));
        Assert.Empty(cut.FindAll("[data-testid=pass-choose-dates]"));
        Assert.True(cut.Find("[data-testid=pass-lock-price]").HasAttribute("disabled"), "nothing picked yet");
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

    /// <summary>How often each component on the page has rendered so far, by component.</summary>
    private static Dictionary<IComponent, int> RenderCounts(IReadOnlyList<IRenderedComponent<IComponent>> parts) =>
        parts.ToDictionary(p => p.Instance, p => p.RenderCount);

    /// <summary>
    /// The components that rendered since <paramref name="before"/>, leaving out those that only contain one that did:
    /// bunit counts a render for every component around the one that rendered.
    /// </summary>
    private static string[] RenderedSince(IReadOnlyList<IRenderedComponent<IComponent>> parts, Dictionary<IComponent, int> before, params Type[] liveParts)
    {
        var moved = parts.Where(p => p.RenderCount > before[p.Instance]).ToList();
        var live = moved.Where(p => liveParts.Contains(p.Instance.GetType())).Select(p => p.Instance).ToHashSet();
        return moved
            .Where(p => live.Contains(p.Instance) || !p.FindComponents<IComponent>().Any(c => live.Contains(c.Instance)))
            .Select(p => p.Instance.GetType().Name).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task ATickRendersOnlyWhatShowsThePriceAndNoFormField()
    {
        var cut = RenderLive(openPassForm: true);
        var parts = cut.FindComponents<IComponent>();
        Assert.True(parts.Count > 15, $"the page has its forms, calendar, fields and buttons ({parts.Count} components)");
        var before = RenderCounts(parts);

        Clock.Advance(TimeSpan.FromSeconds(1));
        Feed.Publish(Board());
        cut.WaitForAssertion(() => Assert.Equal("$0.474990", cut.Find("[data-testid=live-price]").TextContent));
        await cut.InvokeAsync(() => { }); // the rest of that render batch

        // The price and the countdown, and the worked example's cost, which crossed a cent (25 credits at $0.475000 are
        // $11.88, at $0.474990 $11.87); nothing else: not the forms' fields and buttons, the calendar, the board cards
        // whose numbers stayed, the title, nor the chart, the coming hours, the pass words and the totals, whose shown
        // values (a line to a tenth of a unit, the minute, the hour, a price and totals in cents) did not move in one second.
        Type[] liveParts = [typeof(LivePrice), typeof(LiveTotal), typeof(MidnightCountdown), typeof(PassLiveTotal), typeof(PassRunsSummary), typeof(PriceCurveChart),
            typeof(CreditWorth), typeof(PassPriceWhy), typeof(ComingPriceList)];
        // (The cascade, which renders with the page to hand the new snapshot on, counts here as around CreditWorth.)
        Assert.Equal(["CreditWorth", "LivePrice", "MidnightCountdown"], RenderedSince(parts, before, liveParts));

        // A minute on, the chart's minute and the credits' totals in cents have moved too; with no date picked the
        // pass total still has nothing new to show, the pass words' $0.47 stays and the coming hours keep their list.
        before = RenderCounts(parts);
        Clock.Advance(TimeSpan.FromMinutes(1));
        Feed.Publish(Board());
        cut.WaitForAssertion(() => Assert.Equal("$4.74", cut.Find("[data-testid=live-total]").TextContent));
        await cut.InvokeAsync(() => { });
        Assert.Equal(["CreditWorth", "LivePrice", "LiveTotal", "MidnightCountdown", "PriceCurveChart"], RenderedSince(parts, before, liveParts));
        Assert.Contains("Now: 14:01 UTC.", cut.Find("[data-testid=chart-readout]").TextContent);
    }

    [Fact]
    public async Task AnUnchangedSnapshotRendersNoComponentAtAll()
    {
        var cut = RenderLive(openPassForm: true);
        var parts = cut.FindComponents<IComponent>();
        var before = RenderCounts(parts);
        var pageRendersBefore = cut.RenderCount;

        // A subscriber added after the page's is handed a snapshot after the page (one lane, in order), so once it has
        // the identical board, so has the page; the dispatcher's next turn runs after the page's handler.
        var identical = Feed.Latest! with { };
        var handedOn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (Feed.Subscribe(s =>
        {
            if (ReferenceEquals(s, identical)) handedOn.TrySetResult();
            return Task.CompletedTask;
        }))
        {
            Feed.Publish(identical);
            await handedOn.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        await cut.InvokeAsync(() => { });
        Assert.Equal(pageRendersBefore, cut.RenderCount);
        Assert.All(parts, p => Assert.Equal(before[p.Instance], p.RenderCount));

        Feed.Publish(Board(sold: 1));
        cut.WaitForAssertion(() => Assert.Equal("9,999", cut.Find("[data-testid=supply-remaining]").TextContent));
        await cut.InvokeAsync(() => { }); // the rest of that render batch

        // Only the supply moved: its card. Not the credits form (far more left than one order may take), not the
        // parts that take the snapshot (nothing they show moved), and nothing at all for the identical board before.
        Assert.Equal(["CascadingValue`1", "SupplyRemaining"],
            RenderedSince(parts, before, typeof(SupplyRemaining), typeof(LiveTotal), typeof(PassLiveTotal), typeof(PassRunsSummary), typeof(CreditWorth), typeof(PassPriceWhy)));
        Assert.Equal(1, parts.Single(p => p.Instance is SupplyRemaining).RenderCount - before[parts.Single(p => p.Instance is SupplyRemaining).Instance]);
    }
}
