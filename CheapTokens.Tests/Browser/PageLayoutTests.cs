using System.Text;
using System.Text.RegularExpressions;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Supply;
using CheapTokens.StandIns.Stripe;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CheapTokens.Tests.Browser;

/// <summary>
/// Every shop page, and the states a buyer passes through on the store page, at 320, 390 and 768 px phones and tablets
/// and a 1366 px desktop: no sideways scrolling in any of them, no axe-core violation of any impact on each page and at
/// the card step, and a screenshot of each at 320, 390 and 1366 px in the test output folder
/// (screenshots/{page}-{state}-{width}.png). One store serves every width; each width is one browser context that
/// visits the states in turn.
/// </summary>
[Collection(BrowserCollection.Name)]
public class PageLayoutTests(BrowserFixture browser, ShopLayoutFixture shop) : IClassFixture<ShopLayoutFixture>
{
    private static readonly string ScreenshotFolder = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private static readonly int[] ScreenshotWidths = [320, 390, 1366];

    [Theory]
    [InlineData(320)]
    [InlineData(390)]
    [InlineData(768)]
    [InlineData(1366)]
    public async Task EveryShopPageAndStateFitsTheScreenAndPassesAxe(int width)
    {
        var host = shop.Host;
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        await context.AddCookiesAsync([new Cookie { Name = CheapTokens.Blazor.Components.Pages.MyOrders.CookieName, Value = $"{shop.PassOrder}.{shop.CreditsOrder}", Url = host.BaseAddress.ToString() }]);
        var (page, errors) = await browser.NewPageAsync(context);
        var check = new LayoutCheck(page, width);

        await GoAsync(page, host, "/", 200, "[data-testid=buy-credits][data-interactive=true]");
        await StoreStatesAsync(page, check);
        await PassStatesAsync(page, check);
        await NoticeStatesAsync(page, check, host);
        // The card steps answered 402 for the declined card (as Stripe's API does); nothing else on the store page failed.
        Assert.True(errors.All(e => e.StartsWith("402 ", StringComparison.Ordinal) || e.Contains("Failed to load resource", StringComparison.Ordinal)),
            string.Join("\n", errors));
        Assert.DoesNotContain(errors, IsPolicyViolation);
        errors.Clear();

        foreach (var (name, state, path, ready) in new[]
        {
            ("orders", "list", "/orders", "[data-testid=orders-table]"),
            ("order", "fulfilled", $"/orders/{shop.CreditsOrder}", "[data-testid=api-key]"),
            ("pass-order", "scheduled", $"/orders/{shop.PassOrder}", "[data-testid=run-scheduled]"),
            ("docs", "reference", "/docs", "[data-testid=copy-code]"),
        })
        {
            await GoAsync(page, host, path, 200, ready);
            await check.FitsAsync(name, state, axe: true);
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        await GoAsync(page, host, "/no-such-page", 404, "[data-testid=not-found]");
        await check.FitsAsync("not-found", "page", axe: true);
        // The 404 page's own answer is an error; a policy violation on it still is not allowed.
        Assert.DoesNotContain(errors, IsPolicyViolation);
        await page.CloseAsync();
    }

    private static bool IsPolicyViolation(string error) =>
        error.Contains(BrowserFixture.CspViolation, StringComparison.Ordinal) || error.Contains("Content Security Policy", StringComparison.Ordinal);

    private static async Task GoAsync(IPage page, StoreHost host, string path, int status, string ready)
    {
        var response = await page.GotoAsync(new Uri(host.BaseAddress, path).ToString());
        Assert.Equal(status, response!.Status);
        await Expect(page.Locator(ready).First).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    /// <summary>The credits form from an amount to a declined card, then the held order cancelled.</summary>
    private static async Task StoreStatesAsync(IPage page, LayoutCheck check)
    {
        var credits = page.GetByTestId("buy-credits");
        await credits.GetByTestId("credits-input").FillAsync("0");
        await Expect(credits.Locator(".mud-input-helper-text.mud-input-error")).ToBeVisibleAsync();
        await check.FitsAsync("store", "field-error");

        await credits.GetByTestId("credits-input").FillAsync("25");
        await Expect(credits.GetByTestId("live-total")).ToHaveTextAsync(new Regex(@"^\$[\d,]+\.\d{2}$"));
        await check.FitsAsync("store", "amount");

        await credits.GetByTestId("lock-price").ClickAsync();
        await Expect(credits.GetByTestId("quote-total")).ToBeVisibleAsync();
        await check.FitsAsync("store", "quote");

        await credits.GetByTestId("email-input").FillAsync("buyer@example.com");
        await credits.GetByTestId("pay").ClickAsync();
        await Expect(credits.GetByTestId("stripe-pay")).ToBeEnabledAsync(new() { Timeout = 15_000 });
        await check.FitsAsync("store", "card-credits", axe: true);

        await credits.GetByLabel("Card number").FillAsync("4242 4242");
        await credits.GetByTestId("stripe-pay").ClickAsync();
        await Expect(credits.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Your card number is invalid." })).ToBeVisibleAsync();
        await check.FitsAsync("store", "card-field-error");

        await credits.GetByLabel("Card number").FillAsync("4000 0000 0000 0002");
        await credits.GetByLabel("Expiry (MM / YY)").FillAsync("12 / 34");
        await credits.GetByLabel("CVC").FillAsync("123");
        await credits.GetByTestId("stripe-pay").ClickAsync();
        await Expect(credits.GetByTestId("card-error")).ToContainTextAsync("declined");
        await check.FitsAsync("store", "card-declined", axe: true);

        await credits.GetByTestId("cancel-order").ClickAsync();
        await Expect(credits.GetByTestId("lock-price")).ToBeEnabledAsync();
        await SnackbarFitsAndLeavesAsync(page, check, "Order cancelled. Nothing was charged.");
    }

    /// <summary>
    /// The short note that confirms an action, once fully shown (axe would measure a fading one's contrast against what is
    /// behind it); then gone, so the next state is measured without it.
    /// </summary>
    private static async Task SnackbarFitsAndLeavesAsync(IPage page, LayoutCheck check, string text)
    {
        var snackbar = page.Locator(".mud-snackbar").Filter(new() { HasText = text });
        await Expect(snackbar).ToBeVisibleAsync();
        // MudBlazor shows a snackbar at 95 % opacity once its fade-in is over.
        await Expect(snackbar).ToHaveCSSAsync("opacity", new Regex(@"^(0\.9[5-9]\d*|1)$"));
        await check.FitsAsync("store", "cancelled", axe: true);
        await Expect(snackbar).ToHaveCountAsync(0, new() { Timeout = 10_000 });
    }

    /// <summary>The pass form: its calendar, a date picked and locked, and its card step.</summary>
    private static async Task PassStatesAsync(IPage page, LayoutCheck check)
    {
        var pass = page.GetByTestId("buy-pass");
        await pass.GetByTestId("pass-choose-dates").ClickAsync();
        await Expect(pass.GetByTestId("pass-calendar")).ToBeVisibleAsync();
        await check.FitsAsync("store", "pass-calendar", axe: true);

        await pass.Locator("[data-testid=pass-calendar] button[data-date]:not([disabled])").First.ClickAsync();
        await pass.GetByTestId("pass-lock-price").ClickAsync();
        await Expect(pass.GetByTestId("quote-dates")).ToBeVisibleAsync();
        await check.FitsAsync("store", "pass-quote");

        await pass.GetByTestId("email-input").FillAsync("buyer@example.com");
        await pass.GetByTestId("pay").ClickAsync();
        await Expect(pass.GetByTestId("stripe-pay")).ToBeEnabledAsync(new() { Timeout = 15_000 });
        await check.FitsAsync("store", "card-pass");

        await pass.GetByTestId("cancel-order").ClickAsync();
        await Expect(pass.GetByTestId("pass-lock-price")).ToBeVisibleAsync();
    }

    /// <summary>What the store page says while an operator has paused sales, and once today's credits are sold out.</summary>
    private static async Task NoticeStatesAsync(IPage page, LayoutCheck check, StoreHost host)
    {
        await using (var scope = host.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<SalesControl>().PauseAsync("Venice is down for maintenance until 16:00 UTC.", "ops@example.com", default));
        await Expect(page.GetByTestId("sales-paused")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await check.FitsAsync("store", "paused");
        await using (var scope = host.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<SalesControl>().ResumeAsync("ops@example.com", default));
        await Expect(page.GetByTestId("sales-paused")).ToHaveCountAsync(0, new() { Timeout = 15_000 });

        var left = await RemainingTodayAsync(host);
        await ReserveAsync(host, left, release: false);
        try
        {
            await Expect(page.GetByTestId("sold-out-message")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await check.FitsAsync("store", "sold-out");
        }
        finally
        {
            await ReserveAsync(host, left, release: true);
        }
        await Expect(page.GetByTestId("sold-out-message")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
    }

    private static async Task<int> RemainingTodayAsync(StoreHost host)
    {
        var today = DateOnly.FromDateTime(host.Services.GetRequiredTimeProvider().GetUtcNow().UtcDateTime);
        return (await host.Get<SupplyLedger>().GetRemainingAsync([today], default)).Single().Remaining;
    }

    /// <summary>Sells (or gives back) today's credits as other buyers' orders would, through the ledger.</summary>
    private static async Task ReserveAsync(StoreHost host, int credits, bool release)
    {
        var today = DateOnly.FromDateTime(host.Services.GetRequiredTimeProvider().GetUtcNow().UtcDateTime);
        await using var db = await host.OpenDbAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (release) await host.Get<SupplyLedger>().ReleaseAsync(db, [today], credits, default);
        else Assert.True(await host.Get<SupplyLedger>().TryReserveAsync(db, [today], credits, default));
        await transaction.CommitAsync();
    }

    /// <summary>Measures the page as it is now: sideways overflow (naming the widest elements), axe where asked, a screenshot.</summary>
    private sealed class LayoutCheck(IPage page, int width)
    {
        public async Task FitsAsync(string name, string state, bool axe = false)
        {
            if (ScreenshotWidths.Contains(width))
            {
                Directory.CreateDirectory(ScreenshotFolder);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}-{state}-{width}.png"), FullPage = true });
            }
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            var culprits = overflow <= 0 ? "" : await page.EvaluateAsync<string>(@"() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('\n')");
            Assert.True(overflow <= 0, $"{name} ({state}) at {width} px scrolls sideways by {overflow} px:\n{culprits}");
            if (!axe) return;
            var results = await page.RunAxe();
            Assert.True(results.Violations.Length == 0, Describe($"{name} ({state})", width, results.Violations));
        }
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

/// <summary>
/// The store the layout tests visit: cards paid in the page (the Stripe stand-in), a fulfilled credits order and a pass,
/// and no per-address limits (every width's visit places, declines and cancels orders from the same address).
/// </summary>
public sealed class ShopLayoutFixture : IAsyncLifetime
{
    public StoreHost Host { get; private set; } = default!;

    public string CreditsOrder { get; private set; } = "";

    public string PassOrder { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Payments:Processor"] = "Stripe",
            ["RateLimits:Enabled"] = "false",
        }, clock: new MiddayClock());
        var today = DateOnly.FromDateTime(Host.Services.GetRequiredTimeProvider().GetUtcNow().UtcDateTime);
        CreditsOrder = await Host.BuyCreditsAsync(25, StandInTestMethods.Visa);
        PassOrder = await Host.BuyPassAsync(3, StandInTestMethods.Visa, today, today.AddDays(2), today.AddDays(3));
        await Host.WaitForOrderStatusAsync(CreditsOrder, "fulfilled");
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
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
