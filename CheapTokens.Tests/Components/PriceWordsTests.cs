using System.Net;
using System.Text.RegularExpressions;
using Bunit;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Blazor.Components.Pages;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Pricing;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Components;

/// <summary>What the store says a credit buys, why pass dates cost what they cost, and what waiting buys.</summary>
public partial class PriceWordsTests : ComponentTestContext
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    /// <summary>Text as a reader sees it: one space between words.</summary>
    private static string Read(string text) => Spaces().Replace(text, " ").Trim();

    private IRenderedComponent<LivePageHost> RenderLive<TComponent>(PriceSnapshot board) where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        Render<LivePageHost>(ps => ps.Add(p => p.Snapshot, board).AddChildContent<TComponent>());

    [Fact]
    public void OneSentenceSaysWhatACreditIsAndAWorkedExampleWhatItBuysAndCostsNow()
    {
        var cut = RenderLive<CreditWorth>(Board());

        Assert.Equal("1 credit is 1 diem: $1.00 of Venice API use at Venice's own list prices, to spend before the next 00:00 UTC.",
            Read(cut.Find("[data-testid=diem-sentence]").TextContent));
        // $25 of use at $0.70 and $2.80 per million tokens; at 14:00's $0.475000 the 25 credits cost $11.875, charged $11.88.
        Assert.Equal("For example, 25 credits are $25.00 of Venice use: about 35.7 million input tokens or 8.9 million output tokens "
                     + "of llama-3.3-70b (Venice lists it at $0.70 and $2.80 per million). At the live price they cost $11.88 now.",
            Read(cut.Find("[data-testid=diem-example]").TextContent));
    }

    [Fact]
    public void TheExampleIsWorkedFromTheConfiguredFigures()
    {
        Services.AddSingleton(new DiemSettings(UsdPerDiem: 1m, ExampleCredits: 40, ExampleModel: "qwen3-235b",
            InputUsdPerMillionTokens: 0.50m, OutputUsdPerMillionTokens: 2.00m));

        var cut = RenderLive<CreditWorth>(Board());

        Assert.Equal("For example, 40 credits are $40.00 of Venice use: about 80 million input tokens or 20 million output tokens "
                     + "of qwen3-235b (Venice lists it at $0.50 and $2.00 per million). At the live price they cost $19.00 now.",
            Read(cut.Find("[data-testid=diem-example]").TextContent));
        Assert.Equal("500 thousand", CreditWorth.Millions(0.5m));
    }

    [Fact]
    public void TheExamplesCostFollowsTheLivePriceAndRendersOnlyWhenItMovesACent()
    {
        var cut = RenderLive<CreditWorth>(Board());
        var words = cut.FindComponent<CreditWorth>();
        var renders = words.RenderCount;

        // Two seconds on: 25 × $0.474979 = $11.874475, still $11.87 after the first second's $11.87.
        Clock.Advance(TimeSpan.FromSeconds(1));
        cut.Render(ps => ps.Add(p => p.Snapshot, Board()));
        Assert.Equal("$11.87", cut.Find("[data-testid=diem-example-cost]").TextContent);
        renders = words.RenderCount;
        Clock.Advance(TimeSpan.FromSeconds(1));
        cut.Render(ps => ps.Add(p => p.Snapshot, Board()));
        Assert.Equal(renders, words.RenderCount);

        Clock.Advance(TimeSpan.FromMinutes(10));
        cut.Render(ps => ps.Add(p => p.Snapshot, Board()));
        Assert.Equal(renders + 1, words.RenderCount);
        Assert.Equal(CheckoutInput.Dollars(Money.Total(Curve.UnitPriceAt(Clock.GetUtcNow()), 25)), cut.Find("[data-testid=diem-example-cost]").TextContent);
    }

    [Fact]
    public void TheCreditsFieldHasAShortLabelAndSaysWhatACreditIsUnderIt()
    {
        var board = Board();
        var cut = Render<LivePageHost>(ps => ps.Add(p => p.Snapshot, board).AddChildContent<BuyCredits>(form => form
            .Add(p => p.Interactive, true)
            .Add(p => p.CreditsLeft, board.Supply.Remaining)
            .Add(p => p.SoldOut, false)
            .Add(p => p.SalesPaused, false)
            .Add(p => p.FewestCredits, OrderInputRules.FewestUnits(board.UnitPrice, Store.Payments.MinimumCharge))));

        var input = cut.Find("input[data-testid=credits-input]");
        Assert.Equal("Credits", cut.Find($"label[for='{input.Id}']").TextContent);
        Assert.Equal("1 credit = 1 diem, valid until 00:00 UTC", cut.Find($"#{input.GetAttribute("aria-describedby")}").TextContent);
        Assert.Contains("1 credit is 1 diem", cut.Find("[data-testid=buy-credits] [data-testid=diem-sentence]").TextContent);
    }

    [Fact]
    public void ThePassDiemFieldHasAShortLabelAndSaysTheAllowedRangeUnderIt()
    {
        Store.Dates = [.. Enumerable.Range(0, 30).Select(i => new DateAvailability(DateOnly.FromDateTime(Start.UtcDateTime).AddDays(i), 100, false, 0.75m))];
        var cut = Render<LivePageHost>(ps => ps.Add(p => p.Snapshot, Board()).AddChildContent<BuyPass>(pass => pass
            .Add(p => p.Interactive, true).Add(p => p.Today, DateOnly.FromDateTime(Start.UtcDateTime)).Add(p => p.SalesPaused, false)));

        cut.Find("[data-testid=pass-choose-dates]").Click();

        cut.WaitForAssertion(() => cut.Find("input[data-testid=pass-diem-input]"));
        var input = cut.Find("input[data-testid=pass-diem-input]");
        Assert.Equal("Diem per day", cut.Find($"label[for='{input.Id}']").TextContent);
        Assert.Equal("1 to 100 diem on each date you pick", cut.Find($"#{input.GetAttribute("aria-describedby")}").TextContent);
    }

    [Fact]
    public void LateInTheDayThePassSaysLaterDatesCostMoreBecauseTheirPriceIsFixedOffList()
    {
        // 14:00 on a curve from $1.00 to $0.10: today is at $0.475000, under the $0.75 a later date costs (25% off
        // list), and has been since 06:40, when the curve passed 25% off.
        var cut = RenderLive<PassPriceWhy>(Board());

        Assert.Equal("Later dates cost $0.75 a diem: 25% off the $1.00 list. Their price is fixed when you buy, before their own day's "
                     + "slide begins, so it cannot follow today's. Today's live price (now $0.47) has been at or below it since 06:40 UTC: "
                     + "that is why a later date now costs more than today.",
            Read(cut.Find("[data-testid=pass-price-why]").TextContent));
    }

    [Fact]
    public void EarlyInTheDayThePassSaysWhenTodayComesDownToALaterDatesPrice()
    {
        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 5, 0, 0, TimeSpan.Zero)); // the next morning

        var cut = RenderLive<PassPriceWhy>(Board());

        Assert.Equal("Today's live price (now $0.81) comes down to it at 06:40 UTC; after that a later date costs more than today.",
            Read(cut.Find("[data-testid=pass-today-compared]").TextContent));
    }

    [Fact]
    public void ThePassWordsUseTheDiscountOfThePricingInForce()
    {
        Services.AddSingleton(new LivePricing(
            new PricingSettings(1m, [new CurvePointOptions { At = "00:00", DiscountPercent = 0m }, new CurvePointOptions { At = "24:00", DiscountPercent = 90m }], 10_000, 50m, 30),
            new PassOptions()));

        var cut = RenderLive<PassPriceWhy>(Board());

        // Half off list is $0.50, which the curve reaches at 13:20 (50/90 of the day).
        Assert.StartsWith("Later dates cost $0.50 a diem: 50% off the $1.00 list.", Read(cut.Find("[data-testid=pass-price-why]").TextContent));
        Assert.Contains("since 13:20 UTC", cut.Find("[data-testid=pass-today-compared]").TextContent);
    }

    [Fact]
    public void ThePassWordsRenderOnlyWhenTodaysPriceMovesACent()
    {
        var cut = RenderLive<PassPriceWhy>(Board());
        var words = cut.FindComponent<PassPriceWhy>();
        var renders = words.RenderCount;

        // A minute on, $0.474375: still $0.47.
        Clock.Advance(TimeSpan.FromMinutes(1));
        cut.Render(ps => ps.Add(p => p.Snapshot, Board()));
        Assert.Equal(renders, words.RenderCount);

        // Ten minutes on, $0.468750: $0.46.
        Clock.Advance(TimeSpan.FromMinutes(9));
        cut.Render(ps => ps.Add(p => p.Snapshot, Board()));
        Assert.Equal(renders + 1, words.RenderCount);
        Assert.Contains("(now $0.46)", cut.Find("[data-testid=pass-today-compared]").TextContent);
    }

    [Fact]
    public void TheStorePageSaysThePriceAtTheComingHoursAndMovesThemOnEachHour()
    {
        Clock.SetUtcNow(Start.AddMinutes(59)); // 14:59
        Store.Dates = [.. Enumerable.Range(0, 30).Select(i => new DateAvailability(DateOnly.FromDateTime(Start.UtcDateTime).AddDays(i), 100, false, 0.75m))];
        Feed.Publish(Board());
        var cut = Render<Home>();
        cut.WaitForAssertion(() => Assert.Equal(1, Feed.SubscriberCount));
        Assert.Equal(["15", "18", "20", "23"], cut.FindAll("[data-testid=coming-price]").Select(i => i.GetAttribute("data-hour")));

        Clock.Advance(TimeSpan.FromMinutes(1)); // 15:00
        Feed.Publish(Board());

        cut.WaitForAssertion(() => Assert.Equal(["16", "18", "21", "23"], cut.FindAll("[data-testid=coming-price]").Select(i => i.GetAttribute("data-hour"))));
        Assert.Equal(CheckoutInput.Dollars(Curve.UnitPriceAt(TimeSpan.FromHours(16))), cut.FindAll("[data-testid=coming-price-value]")[0].TextContent);
    }

    [Fact]
    public async Task TheDocsSayWhatACreditBuysWithTheConfiguredFigures()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Diem:ExampleCredits"] = "40",
            ["Diem:ExampleModel"] = "qwen3-235b",
            ["Diem:ExampleInputUsdPerMillionTokens"] = "0.50",
            ["Diem:ExampleOutputUsdPerMillionTokens"] = "2.00",
        });
        using var http = host.CreateClient();

        var docs = Read(Tags().Replace(WebUtility.HtmlDecode(await http.GetStringAsync("/docs")), " "));

        Assert.Contains("1 credit is 1 diem: $1.00 of Venice API use at Venice's own list prices, to spend before the next 00:00 UTC.", docs);
        Assert.Contains("For example, 40 credits are $40.00 of Venice use: about 80 million input tokens or 20 million output tokens of "
                        + "qwen3-235b (Venice lists it at $0.50 and $2.00 per million).", docs);
        // The docs are not live: no price of the moment in them.
        Assert.DoesNotContain("At the live price they cost", docs);
    }
}
