using System.Text;
using CheapTokens.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CheapTokens.Tests.Browser;

/// <summary>
/// Every page on a 390 px phone and a 1366 px desktop: no sideways scrolling, no axe-core violation of any impact,
/// and a screenshot of each in the test output folder (screenshots/).
/// </summary>
[Collection(BrowserCollection.Name)]
public class PageLayoutTests(BrowserFixture browser)
{
    private static readonly string ScreenshotFolder = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static TheoryData<string, int> Pages()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in new[] { "store", "orders", "order", "pass-order", "docs", "not-found" })
        foreach (var width in new[] { 390, 1366 })
            data.Add(page, width);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task FitsTheScreenAndPassesAxe(string name, int width)
    {
        await using var host = await StoreHost.StartAsync(clock: new MiddayClock());
        var today = DateOnly.FromDateTime(host.Services.GetRequiredTimeProvider().GetUtcNow().UtcDateTime);
        var credits = await host.BuyCreditsAsync(25);
        var pass = await host.BuyPassAsync(3, today, today.AddDays(2), today.AddDays(3));
        await host.WaitForOrderStatusAsync(credits, "fulfilled");

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        await context.AddCookiesAsync([new Cookie { Name = CheapTokens.Blazor.Components.Pages.MyOrders.CookieName, Value = $"{pass}.{credits}", Url = host.BaseAddress.ToString() }]);
        var (page, errors) = await browser.NewPageAsync(context);

        var (path, ready) = name switch
        {
            "store" => ("/", "[data-testid=buy-credits][data-interactive=true]"),
            "orders" => ("/orders", "[data-testid=orders-table]"),
            "order" => ($"/orders/{credits}", "[data-testid=api-key]"),
            "pass-order" => ($"/orders/{pass}", "[data-testid=run-scheduled]"),
            "docs" => ("/docs", "[data-testid=copy-code]"),
            _ => ("/no-such-page", "[data-testid=not-found]"),
        };
        var response = await page.GotoAsync(new Uri(host.BaseAddress, path).ToString());
        Assert.Equal(name == "not-found" ? 404 : 200, response!.Status);
        await Expect(page.Locator(ready).First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        if (name == "store")
        {
            // The pass form opens on demand: open it, so its calendar is measured and checked too.
            await page.GetByTestId("pass-choose-dates").ClickAsync();
            await Expect(page.GetByTestId("pass-calendar")).ToBeVisibleAsync();
            // Opening moves focus (and the page) to the form's first field: back to the top for the screenshot.
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        }

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}-{width}.png"), FullPage = true });
        var culprits = overflow <= 0 ? "" : await page.EvaluateAsync<string>(@"() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('\n')");
        Assert.True(overflow <= 0, $"{path} at {width} px scrolls sideways by {overflow} px:\n{culprits}");

        var axe = await page.RunAxe();
        Assert.True(axe.Violations.Length == 0, Describe(path, width, axe.Violations));
        if (name != "not-found") Assert.True(errors.Count == 0, string.Join("\n", errors));
        // The 404 page's own answer is an error; a policy violation on it still is not allowed.
        Assert.DoesNotContain(errors, e => e.Contains(BrowserFixture.CspViolation, StringComparison.Ordinal) || e.Contains("Content Security Policy", StringComparison.Ordinal));
        await page.CloseAsync();
    }

    private static string Describe(string path, int width, AxeResultItem[] violations)
    {
        var text = new StringBuilder($"axe on {path} at {width} px:\n");
        foreach (var v in violations)
        {
            text.AppendLine($"- {v.Id} ({v.Impact}): {v.Help}");
            foreach (var node in v.Nodes.Take(3)) text.AppendLine($"    {string.Join(" ", node.Target)}: {node.Html[..Math.Min(160, node.Html.Length)]}");
        }
        return text.ToString();
    }
}

internal static class HostServices
{
    public static TimeProvider GetRequiredTimeProvider(this IServiceProvider services) =>
        (TimeProvider)services.GetService(typeof(TimeProvider))!;
}

[Collection(BrowserCollection.Name)]
public class FirstVisitTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheStoreTransfersAtMost300KilobytesCompressed()
    {
        await using var host = await StoreHost.StartAsync(clock: new MiddayClock());
        var (page, errors) = await browser.NewPageAsync();
        var finished = new List<IRequest>();
        page.RequestFinished += (_, request) => { lock (finished) finished.Add(request); };

        await page.GotoAsync(host.BaseAddress.ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });
        await Expect(page.Locator("[data-testid=buy-credits][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        long total = 0;
        var lines = new List<string>();
        foreach (var request in finished.ToList())
        {
            var sizes = await request.SizesAsync();
            total += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
            lines.Add($"{sizes.ResponseBodySize,8} {request.Url}");
        }
        // Guards the measurement itself: the framework script alone is over 40 KB.
        Assert.True(total > 100 * 1024, $"sizes were not measured ({total} bytes)");
        Assert.True(total <= 300 * 1024, $"first visit transferred {total / 1024} KB:\n{string.Join("\n", lines)}");
        Assert.DoesNotContain(finished, r => !r.Url.StartsWith(host.BaseAddress.ToString(), StringComparison.Ordinal));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }
}
