using System.Text;
using System.Text.RegularExpressions;
using CheapTokens.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CheapTokens.Tests.Browser;

/// <summary>
/// Every console page in each of its states on a 320 and a 390 px phone, a 768 px tablet and a 1366 px desktop: the
/// console's own frame (no shop banner, links or footer; a sign-out on every signed-in page), no sideways scrolling,
/// no axe-core violation (at 390 and 1366, as the shop's pages), every MudBlazor class it renders styled, and a
/// screenshot of each at 320, 390 and 1366 (screenshots/console-{state}-{width}.png). One store for the whole walk,
/// one browser context per width.
/// </summary>
[Collection(BrowserCollection.Name)]
public class OperatorConsoleLayoutTests(BrowserFixture browser)
{
    private static readonly int[] Widths = [320, 390, 768, 1366];
    private static readonly string ScreenshotFolder = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private readonly SortedSet<string> _mudClasses = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];

    [Fact]
    public async Task EveryConsolePageInEveryStateFitsPassesAxeIsStyledAndSigningOutFromAnyPageWorks()
    {
        var (host, password) = await OperatorConsolePageTests.StartAsync();
        await using var _ = host;
        var token = await host.BuyCreditsAsync(3);
        await host.WaitForOrderStatusAsync(token, "fulfilled");
        var order = await host.OrderByTokenAsync(token);

        // Signed out: the sign-in, then the authenticator's code (after a right password) at each width. The first
        // operator's first sign-in runs on the narrowest phone: password change, two-factor set-up, recovery codes.
        await using var first = await NewContextAsync(Widths[0]);
        var (firstPage, firstErrors) = await browser.NewPageAsync(first);
        await OperatorConsolePageTests.SignInAsync(firstPage, host, password);
        await Expect(firstPage).ToHaveURLAsync(new Regex("/admin/change-password$"));
        await CheckAsync(firstPage, "change-password", Widths[0], signedIn: true);
        await firstPage.GetByTestId("current-password").FillAsync(password);
        await firstPage.GetByTestId("new-password").FillAsync(OperatorConsolePageTests.NewPassword);
        await firstPage.GetByTestId("change-password").ClickAsync();
        await Expect(firstPage).ToHaveURLAsync(new Regex("/admin/two-factor$"));
        await CheckAsync(firstPage, "two-factor-set-up", Widths[0], signedIn: true);
        var key = await firstPage.GetByTestId("authenticator-key").InnerTextAsync();
        await firstPage.GetByTestId("authenticator-code").FillAsync(Authenticator.Code(key, host.Get<TimeProvider>().GetUtcNow()));
        await firstPage.GetByTestId("two-factor-on").ClickAsync();
        await Expect(firstPage.GetByTestId("recovery-code-item")).ToHaveCountAsync(10);
        var codes = new Queue<string>(await firstPage.GetByTestId("recovery-code-item").AllInnerTextsAsync());
        await CheckAsync(firstPage, "recovery-codes", Widths[0], signedIn: true);
        await firstPage.GetByTestId("continue-to-console").ClickAsync();
        await Expect(firstPage.GetByTestId("operator-name")).ToHaveTextAsync(OperatorConsolePageTests.Email);
        var session = await first.StorageStateAsync();

        foreach (var width in Widths)
        {
            await using var signedOut = await NewContextAsync(width);
            var (page, errors) = await browser.NewPageAsync(signedOut);
            await page.GotoAsync(new Uri(host.BaseAddress, "/admin/sign-in").ToString());
            await CheckAsync(page, "sign-in", width, signedIn: false);
            await page.GetByTestId("operator-email").FillAsync(OperatorConsolePageTests.Email);
            await page.GetByTestId("operator-password").FillAsync(OperatorConsolePageTests.NewPassword);
            await page.GetByTestId("sign-in").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/admin/sign-in/code"));
            await CheckAsync(page, "sign-in-code", width, signedIn: false);
            await page.GetByTestId("use-recovery-code").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/admin/sign-in/recovery"));
            await CheckAsync(page, "sign-in-recovery", width, signedIn: false);
            NoErrors(errors, width);
        }

        // Signed in, one context per width on the same session; the states before any pricing version is saved.
        var contexts = new Dictionary<int, (IBrowserContext Context, IPage Page, List<string> Errors)>();
        try
        {
            foreach (var width in Widths)
            {
                var context = await NewContextAsync(width, session);
                var (page, errors) = await browser.NewPageAsync(context);
                contexts[width] = (context, page, errors);

                await OpenAsync(page, host, "/admin");
                await Expect(page.GetByTestId("today").GetByTestId("revenue")).Not.ToHaveTextAsync("$0.00");
                await CheckAsync(page, "dashboard", width);

                await OpenAsync(page, host, "/admin/orders");
                await Expect(page.GetByTestId("order-row")).ToHaveCountAsync(1);
                await CheckAsync(page, "orders", width);
                await page.GetByTestId("search-text").FillAsync("nobody@example.org");
                await page.GetByTestId("search").ClickAsync();
                await Expect(page.GetByTestId("search-results-empty")).ToHaveTextAsync("No order matches.");
                await CheckAsync(page, "orders-empty", width);

                await OpenAsync(page, host, $"/admin/orders/{order.Id}");
                await Expect(page.GetByTestId("key-state")).ToBeVisibleAsync();
                // The checkbox draws once: MudBlazor's icon, over its own input made invisible by the stylesheet.
                var retire = page.GetByTestId("retire-earlier-links");
                await Expect(retire).ToHaveAccessibleNameAsync("Retire the earlier links (for a link that leaked)");
                await Expect(retire).ToHaveCSSAsync("opacity", "0");
                var icon = page.Locator(".mud-checkbox", new() { Has = retire }).Locator("svg");
                await Expect(icon).ToHaveCountAsync(1);
                await Expect(icon).ToBeVisibleAsync();
                await CheckAsync(page, "order", width);
                await page.GetByTestId("refund-ask").ClickAsync();
                await Expect(page.GetByTestId("refund-code")).ToBeVisibleAsync();
                await CheckAsync(page, "order-confirming", width);

                await OpenAsync(page, host, "/admin/attention");
                await Expect(page.GetByTestId("attention-empty")).ToHaveTextAsync("Nothing needs a person.");
                await CheckAsync(page, "attention-empty", width);

                await OpenAsync(page, host, "/admin/pricing");
                await Expect(page.GetByTestId("pricing-versions-empty")).ToBeVisibleAsync();
                await CheckAsync(page, "pricing-empty", width);

                await OpenAsync(page, host, "/admin/export");
                await CheckAsync(page, "export", width);

                await page.GotoAsync(new Uri(host.BaseAddress, "/admin/audit").ToString());
                await Expect(page.GetByTestId("audit-log")).ToContainTextAsync("two-factor");
                await CheckAsync(page, "audit", width);

                await page.GotoAsync(new Uri(host.BaseAddress, "/admin/two-factor").ToString());
                await Expect(page.GetByTestId("recovery-codes-left")).ToBeVisibleAsync();
                await CheckAsync(page, "two-factor", width);
            }

            // A saved pricing version, then the pricing page with it at each width.
            var (_, saver, _) = contexts[Widths[^1]];
            await OpenAsync(saver, host, "/admin/pricing");
            await saver.GetByTestId("list-price").FillAsync("2");
            await OperatorConsolePageTests.ConfirmAsync(saver, "save-pricing", codes);
            await Expect(saver.GetByTestId("pricing-saved")).ToContainTextAsync("is in force");
            foreach (var width in Widths)
            {
                var page = contexts[width].Page;
                await OpenAsync(page, host, "/admin/pricing");
                await Expect(page.Locator("[data-testid=pricing-versions] tbody tr")).ToHaveCountAsync(1);
                await CheckAsync(page, "pricing", width);
            }

            // Signing out from a page other than the dashboard ends the session.
            var (_, leaving, leavingErrors) = contexts[Widths[1]];
            await OpenAsync(leaving, host, "/admin/orders");
            await leaving.GetByTestId("sign-out").ClickAsync();
            await Expect(leaving).ToHaveURLAsync(new Regex("/admin/sign-in$"));
            await leaving.GotoAsync(new Uri(host.BaseAddress, "/admin/orders").ToString());
            await Expect(leaving).ToHaveURLAsync(new Regex("/admin/sign-in"));
            await Expect(leaving.GetByTestId("sign-out")).ToHaveCountAsync(0);

            foreach (var (width, (_, _, errors)) in contexts) NoErrors(errors, width);
        }
        finally
        {
            foreach (var (context, _, _) in contexts.Values) await context.DisposeAsync();
        }
        NoErrors(firstErrors, Widths[0]);

        // Whatever MudBlazor styles among the classes the console rendered, the served stylesheet styles too.
        using var http = host.CreateClient();
        var mudBlazors = StylesheetTrimmer.StyledMudClasses(await http.GetStringAsync("/_content/MudBlazor/MudBlazor.min.css"));
        var served = StylesheetTrimmer.StyledMudClasses(await http.GetStringAsync("/css/mudblazor.store.css"));
        Assert.Contains("mud-checkbox", _mudClasses);
        var unstyled = _mudClasses.Where(c => mudBlazors.Contains(c) && !served.Contains(c)).ToList();
        Assert.True(unstyled.Count == 0, "rendered without their styles: " + string.Join(", ", unstyled));
        Assert.True(_failures.Count == 0, string.Join("\n", _failures));
    }

    private Task<IBrowserContext> NewContextAsync(int width, string? session = null) =>
        browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            StorageState = session,
        });

    private static async Task OpenAsync(IPage page, StoreHost host, string path)
    {
        await page.GotoAsync(new Uri(host.BaseAddress, path).ToString());
        await Expect(page.Locator("[data-testid=admin-nav][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    /// <summary>
    /// The page as it stands: the console's frame, not the shop's; no sideways scrolling; axe; a screenshot; its MudBlazor
    /// classes noted. Failures are collected, so one run shows every page that does not fit.
    /// </summary>
    private async Task CheckAsync(IPage page, string state, int width, bool signedIn = true)
    {
        await Expect(page.Locator("h1").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("console-header")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=demo-banner], [data-testid=staging-banner], nav.site-nav, footer.site-footer")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("console-demo-notice")).ToBeVisibleAsync();
        if (signedIn) await Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
        else await Expect(page.GetByTestId("sign-out")).ToHaveCountAsync(0);

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (width != 768)
        {
            Directory.CreateDirectory(ScreenshotFolder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"console-{state}-{width}.png"), FullPage = true });
        }
        if (overflow > 0)
        {
            var culprits = await page.EvaluateAsync<string>(@"() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('\n')");
            _failures.Add($"{state} at {width} px scrolls sideways by {overflow} px:\n{culprits}");
        }
        if (width is 390 or 1366)
        {
            var axe = await page.RunAxe();
            if (axe.Violations.Length > 0) _failures.Add(Describe(state, width, axe.Violations));
        }
        _mudClasses.UnionWith(await page.EvaluateAsync<string[]>(
            "() => [...new Set([...document.querySelectorAll('[class]')].flatMap(e => [...e.classList]).filter(c => c.startsWith('mud-')))]"));
    }

    private void NoErrors(List<string> errors, int width)
    {
        lock (errors)
            if (errors.Count > 0) _failures.Add($"errors at {width} px:\n" + string.Join("\n", errors));
    }

    private static string Describe(string state, int width, AxeResultItem[] violations)
    {
        var text = new StringBuilder($"axe on {state} at {width} px:\n");
        foreach (var v in violations)
        {
            text.AppendLine($"- {v.Id} ({v.Impact}): {v.Help}");
            foreach (var node in v.Nodes.Take(3)) text.AppendLine($"    {string.Join(" ", node.Target)}: {node.Html[..Math.Min(160, node.Html.Length)]}");
        }
        return text.ToString();
    }
}
