using Microsoft.Playwright;

namespace CheapTokens.Tests.Support;

/// <summary>
/// One headless Debian Chromium for the browser tests (Playwright cannot download its own browsers here).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Browser tests need Chromium at {ChromiumPath}: apt-get install -y chromium (.ci/run does this).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>How a Content-Security-Policy violation shows up in a page's errors.</summary>
    public const string CspViolation = "CSP violation:";

    /// <summary>
    /// Runs before any page script (injected by the browser's debugging protocol, so the policy does not block it): every
    /// violation of the app's Content-Security-Policy becomes a console error, and so one of the page's errors.
    /// </summary>
    private const string ReportCspViolations =
        "document.addEventListener('securitypolicyviolation', e => console.error(`" + CspViolation +
        " ${e.effectiveDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile || document.location.href}:${e.lineNumber})`));";

    /// <summary>
    /// A fresh page that records console errors, uncaught page errors and answers of 400 and above. Every page runs
    /// under the app's Content-Security-Policy; a violation lands in the errors as a line starting with
    /// <see cref="CspViolation"/> (Chromium also logs its own "Refused to ..." console error).
    /// </summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync(IBrowserContext? context = null)
    {
        var page = context is null ? await Browser.NewPageAsync() : await context.NewPageAsync();
        await page.AddInitScriptAsync(ReportCspViolations);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add(message.Text); };
        page.PageError += (_, error) => { lock (errors) errors.Add(error); };
        page.Response += (_, response) => { if (response.Status >= 400) lock (errors) errors.Add($"{response.Status} {response.Url}"); };
        return (page, errors);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
