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
        // Not hidden under the fixed bar at the top.
        var top = await errorCodes.EvaluateAsync<double>("e => e.getBoundingClientRect().top");
        Assert.True(top >= 48, $"the heading is at {top} px, under the app bar");

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
