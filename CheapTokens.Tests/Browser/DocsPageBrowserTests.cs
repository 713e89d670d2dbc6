using CheapTokens.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CheapTokens.Tests.Browser;

/// <summary>/docs on a phone and a desktop: its contents jump to each section, and no copy button covers code.</summary>
[Collection(BrowserCollection.Name)]
public class DocsPageBrowserTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(320)]
    [InlineData(390)]
    [InlineData(1366)]
    public async Task TheContentsJumpToASectionAndCopyButtonsSitAboveTheCode(int width)
    {
        await using var host = await StoreHost.StartAsync(clock: new MiddayClock());
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 800 },
        });
        var (page, errors) = await browser.NewPageAsync(context);
        await page.GotoAsync(new Uri(host.BaseAddress, "/docs").ToString());

        var contents = page.GetByTestId("docs-contents");
        await Expect(contents).ToBeInViewportAsync();
        var errorCodes = page.Locator("#errors h2");
        await Expect(errorCodes).Not.ToBeInViewportAsync();
        await contents.GetByRole(AriaRole.Link, new() { Name = "Error codes" }).ClickAsync();
        await Expect(errorCodes).ToBeInViewportAsync();
        // It comes to rest below the fixed bar at the top, not under it (the page may settle in two moves).
        await page.WaitForFunctionAsync("() => { const top = document.querySelector('#errors h2').getBoundingClientRect().top; return top >= 48 && top < 200; }",
            null, new() { Timeout = 5_000 });

        var covered = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('.code-block')].filter(block => {
            const button = block.querySelector('.code-copy').getBoundingClientRect();
            const code = block.querySelector('pre').getBoundingClientRect();
            return button.bottom > code.top && button.top < code.bottom && button.right > code.left && button.left < code.right;
        }).map(block => block.querySelector('pre').textContent.slice(0, 40))");
        Assert.True(covered.Length == 0, $"copy buttons cover code at {width} px: {string.Join(" | ", covered)}");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }
}
