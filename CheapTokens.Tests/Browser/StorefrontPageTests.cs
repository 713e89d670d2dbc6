using CheapTokens.Blazor.LivePrices;
using CheapTokens.Core.Pricing;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CheapTokens.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class StorefrontPageTests(BrowserFixture browser)
{
    /// <summary>
    /// A curve falling all day long, so the price moves every second whatever the hour the test runs
    /// (the default curve is flat after 23:00).
    /// </summary>
    private static Task<StoreHost> StartWithSteepCurveAsync(Action<IServiceCollection>? alsoServices = null) => StoreHost.StartAsync(
        new Dictionary<string, string?> { ["LivePrices:TickIntervalMilliseconds"] = "250" },
        clock: new MiddayClock(),
        services: s =>
        {
            s.PostConfigure<PricingOptions>(o => o.Curve =
            [
                new CurvePointOptions { At = "00:00", DiscountPercent = 0 },
                new CurvePointOptions { At = "24:00", DiscountPercent = 90 },
            ]);
            alsoServices?.Invoke(s);
        });

    [Fact]
    public async Task PriceAndCountdownTickWithoutReload()
    {
        await using var host = await StartWithSteepCurveAsync();
        var (page, errors) = await browser.NewPageAsync();

        var response = await page.GotoAsync(host.BaseAddress.ToString());
        Assert.Contains("data-testid=\"live-price\">$", await response!.TextAsync()); // the price is in the first HTML

        var price = page.GetByTestId("live-price");
        await Expect(price).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\$\d+\.\d{6}$"));
        var firstPrice = await price.TextContentAsync();
        // The countdown reads as words ("21 h 14 min"); its exact seconds ride along for machines.
        var countdown = page.GetByTestId("countdown");
        await Expect(countdown).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^(\d+ h( \d+ min)?|\d+ min \d\d s|\d+ s)$"));
        var firstSeconds = (await countdown.GetAttributeAsync("data-seconds"))!;

        await Expect(price).Not.ToHaveTextAsync(firstPrice!, new() { Timeout = 15_000 });
        await Expect(countdown).Not.ToHaveAttributeAsync("data-seconds", firstSeconds, new() { Timeout = 15_000 });
        var laterSeconds = (await countdown.GetAttributeAsync("data-seconds"))!;
        Assert.True(long.Parse(laterSeconds, System.Globalization.CultureInfo.InvariantCulture) < long.Parse(firstSeconds, System.Globalization.CultureInfo.InvariantCulture)
            || firstSeconds == "0" || long.Parse(firstSeconds, System.Globalization.CultureInfo.InvariantCulture) < 5,
            $"countdown should decrease: {firstSeconds} -> {laterSeconds}");

        await Expect(page.GetByTestId("supply-remaining")).ToHaveTextAsync("10,000");
        await Expect(page.GetByTestId("price-chart").Locator("svg").First).ToBeVisibleAsync();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task AnHoursPriceShowsWhileItsBandIsHoveredOrFocused()
    {
        await using var host = await StartWithSteepCurveAsync();
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());

        var tips = page.GetByTestId("chart-tip");
        await Expect(tips).ToHaveCountAsync(24);
        await Expect(tips.Nth(18)).ToBeHiddenAsync();

        await page.Locator(".chart-hour").Nth(18).HoverAsync();
        await Expect(tips.Nth(18)).ToBeVisibleAsync();
        await Expect(tips.Nth(18)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^At 18:00 UTC: \$\d+\.\d{6} per credit$"));
        await Expect(tips.Nth(6)).ToBeHiddenAsync();

        // By keyboard: focus moves the tip with it.
        await page.Mouse.MoveAsync(0, 0);
        await page.Locator(".chart-hour").Nth(6).FocusAsync();
        await Expect(tips.Nth(6)).ToBeVisibleAsync();
        await Expect(tips.Nth(18)).ToBeHiddenAsync();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task ClosingPagesReleasesTheirFeedSubscriptions()
    {
        // A page that leaves normally tells the server its circuit is gone; one whose goodbye is lost (a closed
        // laptop, a dropped network) is kept for reconnection for the retention period, then disposed. Both end
        // with the subscription released; a short retention keeps the test from waiting the default 3 minutes.
        await using var host = await StartWithSteepCurveAsync(s =>
            s.Configure<CircuitOptions>(o => o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(2)));
        var feed = host.Services.GetRequiredService<PriceFeed>();
        var withoutPages = feed.SubscriberCount; // the prices hub's own subscription

        var pages = new List<IPage>();
        for (var i = 0; i < 2; i++)
        {
            var (page, _) = await browser.NewPageAsync();
            await page.GotoAsync(host.BaseAddress.ToString());
            await Expect(page.GetByTestId("live-price")).Not.ToHaveTextAsync((await page.GetByTestId("live-price").TextContentAsync())!, new() { Timeout = 15_000 });
            pages.Add(page);
        }
        Assert.True(feed.SubscriberCount > withoutPages);

        foreach (var page in pages)
        {
            await page.GotoAsync("about:blank");
            await page.CloseAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (feed.SubscriberCount != withoutPages && !timeout.IsCancellationRequested) await Task.Delay(100);
        Assert.Equal(withoutPages, feed.SubscriberCount);
    }

    /// <summary>Makes the page believe it was hidden or shown, the way a background tab or a sleeping phone does.</summary>
    private const string SetHidden = """
        hidden => {
          Object.defineProperty(document, "visibilityState", { configurable: true, get: () => hidden ? "hidden" : "visible" });
          Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
          document.dispatchEvent(new Event("visibilitychange"));
        }
        """;

    private static Task<StoreHost> StartPausingHiddenPagesAsync() => StoreHost.StartAsync(
        new Dictionary<string, string?>
        {
            ["LivePrices:TickIntervalMilliseconds"] = "250",
            ["LivePrices:PauseHiddenPagesAfterSeconds"] = "1",
        },
        clock: new MiddayClock(),
        services: s => s.PostConfigure<PricingOptions>(o => o.Curve =
        [
            new CurvePointOptions { At = "00:00", DiscountPercent = 0 },
            new CurvePointOptions { At = "24:00", DiscountPercent = 90 },
        ]));

    private static decimal Dollars(string? text) => decimal.Parse(text!.TrimStart('$'), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task WaitForSubscribersAsync(PriceFeed feed, int expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (feed.SubscriberCount != expected && !timeout.IsCancellationRequested) await Task.Delay(100);
        Assert.Equal(expected, feed.SubscriberCount);
    }

    [Fact]
    public async Task HiddenPageFreesItsCircuitAndResumesWithTheCurrentPriceAndTheTypedAmount()
    {
        await using var host = await StartPausingHiddenPagesAsync();
        var feed = host.Services.GetRequiredService<PriceFeed>();
        var withoutPages = feed.SubscriberCount;
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(page.Locator("[data-testid=buy-credits][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.GetByTestId("credits-input").FillAsync("25");
        await Expect(page.GetByTestId("live-total")).Not.ToHaveTextAsync("—");
        Assert.Equal(withoutPages + 1, feed.SubscriberCount);

        await page.EvaluateAsync(SetHidden, true);
        await WaitForSubscribersAsync(feed, withoutPages); // the server no longer renders ticks for it
        var priceWhenPaused = Dollars(await page.GetByTestId("live-price").TextContentAsync());
        // The price falls every tick on this curve; let it move on while nobody looks.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            while (feed.Latest!.UnitPrice >= priceWhenPaused && !timeout.IsCancellationRequested) await Task.Delay(50);

        await page.EvaluateAsync(SetHidden, false);
        await WaitForSubscribersAsync(feed, withoutPages + 1);
        await Expect(page.Locator("[data-testid=buy-credits][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("credits-input")).ToHaveValueAsync("25");
        // The resumed page shows a board newer than the one it had when it was paused.
        Assert.True(Dollars(await page.GetByTestId("live-price").TextContentAsync()) < priceWhenPaused);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task HiddenPageWithALockedPriceStaysLive()
    {
        await using var host = await StartPausingHiddenPagesAsync();
        var feed = host.Services.GetRequiredService<PriceFeed>();
        var withoutPages = feed.SubscriberCount;
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(page.Locator("[data-testid=buy-credits][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.GetByTestId("lock-price").ClickAsync();
        await Expect(page.Locator("[data-testid=buy-credits][data-keep-alive=true]")).ToBeVisibleAsync();

        await page.EvaluateAsync(SetHidden, true);
        await Task.Delay(2_000); // twice the pause delay
        Assert.Equal(withoutPages + 1, feed.SubscriberCount);
        await page.EvaluateAsync(SetHidden, false);
        var price = await page.GetByTestId("live-price").TextContentAsync();
        await Expect(page.GetByTestId("live-price")).Not.ToHaveTextAsync(price!, new() { Timeout = 15_000 });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }
}
