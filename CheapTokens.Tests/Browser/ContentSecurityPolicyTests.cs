using CheapTokens.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace CheapTokens.Tests.Browser;

/// <summary>
/// The pages work under their own Content-Security-Policy (no eval, no inline script), and the shared browser
/// support really notices a violation, so every other browser test's "no errors" covers the policy too.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ContentSecurityPolicyTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheLiveStorePageRunsUnderThePolicyAndAnInjectedInlineScriptIsReportedAsAViolation()
    {
        await using var host = await StoreHost.StartAsync(clock: new MiddayClock());
        var (page, errors) = await browser.NewPageAsync();

        var response = await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(page.Locator("[data-testid=buy-credits][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.Contains("script-src 'self'", await response!.HeaderValueAsync("content-security-policy"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        // What an injected script would do: the policy blocks it, and the page's errors say so.
        await page.RunAndWaitForConsoleMessageAsync(
            () => page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.body.appendChild(s); }"),
            new() { Predicate = m => m.Text.StartsWith(BrowserFixture.CspViolation, StringComparison.Ordinal), Timeout = 5_000 });

        Assert.Contains(errors, e => e.StartsWith(BrowserFixture.CspViolation + " script-src", StringComparison.Ordinal));
        Assert.False(await page.EvaluateAsync<bool>("() => window.injected === true"));
        await page.CloseAsync();
    }
}
