using CheapTokens.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CheapTokens.Tests.Browser;

/// <summary>The store's price chart as a shopper reads it: on a 320 px phone and on a 1366 px desktop.</summary>
[Collection(BrowserCollection.Name)]
public class PriceChartPageTests(BrowserFixture browser)
{
    private sealed record Box(double X, double Y, double Width, double Height)
    {
        public bool Overlaps(Box other) =>
            X < other.X + other.Width && other.X < X + Width && Y < other.Y + other.Height && other.Y < Y + Height;

        public Box Grown(double by) => new(X - by, Y - by, Width + 2 * by, Height + 2 * by);

        public override string ToString() => $"({X:0},{Y:0} {Width:0}×{Height:0})";
    }

    private static async Task<Box> BoxOf(ILocator element)
    {
        var box = await element.BoundingBoxAsync() ?? throw new InvalidOperationException("not laid out");
        return new Box(box.X, box.Y, box.Width, box.Height);
    }

    private async Task<(IPage Page, List<string> Errors, IBrowserContext Context)> OpenStoreAsync(StoreHost host, int width)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var (page, errors) = await browser.NewPageAsync(context);
        await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(page.Locator("[data-testid=buy-credits][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        return (page, errors, context);
    }

    [Fact]
    public async Task OnA320PxPhoneTheAxesAreLegibleAndAnHoursTipNeverCoversThem()
    {
        await using var host = await StoreHost.StartAsync(clock: new MiddayClock());
        var (page, errors, context) = await OpenStoreAsync(host, 320);
        await using var _ = context;

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the store at 320 px scrolls sideways by {overflow} px");

        // Hour labels every 6 h on a phone, at a real font size that is drawn at that size (not an SVG scaled down).
        var hourLabels = page.Locator("[data-testid=chart-hour-label]:visible");
        Assert.Equal(["00", "06", "12", "18", "24"], await hourLabels.AllInnerTextsAsync());
        var priceLabels = page.Locator("[data-testid=chart-price-label]");
        Assert.Equal(["$0.00", "$0.25", "$0.50", "$0.75", "$1.00"], await priceLabels.AllTextContentsAsync());
        var labels = new List<(string Text, Box Box)>();
        foreach (var label in (await hourLabels.AllAsync()).Concat(await priceLabels.AllAsync()))
        {
            var fontSize = await label.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
            var box = await BoxOf(label);
            Assert.True(fontSize >= 11, $"'{await label.TextContentAsync()}' is {fontSize} px");
            Assert.True(box.Height >= 11, $"'{await label.TextContentAsync()}' is drawn {box.Height} px high");
            Assert.True(box.X >= 0 && box.X + box.Width <= 320, $"'{await label.TextContentAsync()}' leaves the screen at {box}");
            labels.Add(((await label.TextContentAsync())!, box));
        }
        // No two labels come within 4 px of each other.
        for (var i = 0; i < labels.Count; i++)
        for (var j = i + 1; j < labels.Count; j++)
            Assert.False(labels[i].Box.Grown(2).Overlaps(labels[j].Box.Grown(2)), $"'{labels[i].Text}' {labels[i].Box} touches '{labels[j].Text}' {labels[j].Box}");

        // An hour's tip, by pointer at either edge and by keyboard, shows clear of both axes and of the plot.
        var plot = await BoxOf(page.GetByTestId("chart-plot"));
        var axes = new[] { await BoxOf(page.GetByTestId("chart-price-axis")), await BoxOf(page.GetByTestId("chart-hour-axis")) };
        foreach (var hour in new[] { 0, 12, 23 })
        {
            var band = page.Locator(".chart-hour").Nth(hour);
            if (hour == 12) await band.FocusAsync(); else await band.HoverAsync();
            var tip = page.GetByTestId("chart-tip").Nth(hour);
            await Expect(tip).ToBeVisibleAsync();
            await Expect(tip).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($@"^At {hour:00}:00 UTC: \$\d+\.\d{{6}} per credit$"));
            var tipBox = await BoxOf(tip);
            Assert.True(tipBox.X >= 0 && tipBox.X + tipBox.Width <= 320, $"the {hour:00}:00 tip leaves the screen at {tipBox}");
            Assert.True(tipBox.Y + tipBox.Height <= plot.Y + 0.5, $"the {hour:00}:00 tip {tipBox} reaches into the plot {plot}");
            foreach (var label in labels)
                Assert.False(tipBox.Overlaps(label.Box), $"the {hour:00}:00 tip {tipBox} covers '{label.Text}' {label.Box}");
            foreach (var axis in axes)
                Assert.False(tipBox.Overlaps(axis), $"the {hour:00}:00 tip {tipBox} covers an axis {axis}");
            // While it shows, the readout line it takes the place of is hidden, so the two never read as one.
            await Expect(page.GetByTestId("chart-readout")).ToBeHiddenAsync();
            await page.Mouse.MoveAsync(0, 0);
            await page.EvaluateAsync("() => document.activeElement?.blur()");
        }
        await Expect(page.GetByTestId("chart-readout")).ToBeVisibleAsync();

        // The coming hours in words under the chart, with the viewer's own time once the browser gives it.
        await Expect(page.GetByTestId("coming-price").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*at 13:00 UTC \(.+ your time\): \$\d+\.\d\d\s*$"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots(), "chart-320.png"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task OnAWideScreenTheCreditsCardAndTheChartEndTogether()
    {
        await using var host = await StoreHost.StartAsync(clock: new MiddayClock());
        var (page, errors, context) = await OpenStoreAsync(host, 1366);
        await using var _ = context;

        var credits = await BoxOf(page.GetByTestId("buy-credits"));
        var chart = await BoxOf(page.GetByTestId("price-chart"));
        // Side by side, starting and ending level: no empty stretch beside the shorter one.
        Assert.True(chart.X > credits.X + credits.Width, $"credits {credits}, chart {chart}");
        Assert.True(Math.Abs(chart.Y - credits.Y) < 1 && Math.Abs(chart.Y + chart.Height - credits.Y - credits.Height) < 1, $"credits {credits}, chart {chart}");
        // And neither is stretched far past its own content: the chart's last line and the credits card's last line
        // end within a few lines of each other.
        var chartEnd = await BoxOf(page.GetByTestId("coming-caption"));
        var creditsEnd = await BoxOf(page.GetByTestId("lock-price"));
        Assert.True(Math.Abs(chartEnd.Y + chartEnd.Height - (creditsEnd.Y + creditsEnd.Height)) < 120,
            $"the chart's content ends at {chartEnd.Y + chartEnd.Height:0}, the credits card's at {creditsEnd.Y + creditsEnd.Height:0}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots(), "chart-1366.png"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static string Screenshots()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
