using System.Net;
using System.Text.RegularExpressions;
using CheapTokens.Blazor.Api;
using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Components;

/// <summary>/docs describes the store as configured, not as it was when the page was written.</summary>
public class DocsPageTests
{
    [Fact]
    public async Task TheDocsPageShowsTheConfiguredQuoteHold()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Checkout:QuoteHoldSeconds"] = "90" });
        using var http = host.CreateClient();

        // As the reader sees it: quotes in code samples may come encoded.
        var docs = WebUtility.HtmlDecode(await http.GetStringAsync("/docs"));

        Assert.Contains("frozen for you for 90 seconds", docs);
        Assert.Contains("Locks a price for 90 seconds.", docs);
        Assert.Contains("(valid for 90 seconds)", docs);
        Assert.DoesNotContain("60 seconds", docs);
        // The sample quote expires the configured hold after it was made.
        Assert.Contains("\"createdAt\": \"2026-11-22T19:30:00+00:00\"", docs);
        Assert.Contains("\"expiresAt\": \"2026-11-22T19:31:30+00:00\"", docs);
        Assert.DoesNotContain("\"expiresAt\": \"2026-11-22T19:31:00+00:00\"", docs);
    }

    [Fact]
    public async Task WithStripeTheDocsPageListsStripesTestMethodsCardsAndThePayInYourPageAnswer()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Payments:Processor"] = PaymentsOptions.StripeProcessor });
        using var http = host.CreateClient();

        var docs = WebUtility.HtmlDecode(await http.GetStringAsync("/docs"));

        foreach (var method in new[] { "pm_card_visa", "pm_card_chargeDeclined", "pm_card_chargeDeclinedInsufficientFunds" })
            Assert.Matches($"<code[^>]*>{method}</code>", docs);
        Assert.Contains("\"paymentMethod\": \"pm_card_visa\"", docs);
        Assert.Contains("\"clientSecret\"", docs);
        Assert.Contains("4242 4242 4242 4242", docs);
        Assert.DoesNotContain(SandboxPaymentProcessor.Ok, docs);
        foreach (var code in new[] { ProblemCodes.CardDeclined, ProblemCodes.InsufficientFunds, ProblemCodes.ProcessorError, ProblemCodes.QuoteUsed, ProblemCodes.IdempotencyKeyReused })
            Assert.Matches($"<code[^>]*>{code}</code>", docs);
    }

    [Fact]
    public async Task TheDocsPageListsTheSandboxMethodsAndTheExampleModel()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        // As the reader sees it: quotes in code samples may come encoded.
        var docs = WebUtility.HtmlDecode(await http.GetStringAsync("/docs"));

        foreach (var method in new[] { SandboxPaymentProcessor.Ok, SandboxPaymentProcessor.Declined, SandboxPaymentProcessor.InsufficientFunds, SandboxPaymentProcessor.ProcessorError })
            Assert.Matches($"<code[^>]*>{method}</code>", docs);
        Assert.Contains($"\"model\": \"{VeniceNames.ExampleModel}\"", docs);
    }

    [Fact]
    public async Task TheContentsAtTheTopLinkToEverySectionInOrder()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        var docs = await http.GetStringAsync("/docs");

        var contents = Regex.Match(docs, "<nav class=\"toc\" id=\"contents\".*?</nav>", RegexOptions.Singleline).Value;
        var links = Regex.Matches(contents, "<a href=\"docs#([a-z-]+)\">").Select(m => m.Groups[1].Value).ToList();
        var sections = Regex.Matches(docs, "<section id=\"([a-z-]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(12, sections.Count);
        Assert.Equal(sections, links);
        Assert.True(docs.IndexOf(contents, StringComparison.Ordinal) < docs.IndexOf("<section id=", StringComparison.Ordinal));
        // Numbered in the order they appear, each with its way back up.
        Assert.Matches("<section id=\"how-it-works\"[^>]*>\\s*<h2[^>]*>1. How it works</h2>", docs);
        Assert.Matches("<section id=\"store-api\"[^>]*>\\s*<h2[^>]*>11. Store HTTP API", docs);
        Assert.Matches("<section id=\"agents\"[^>]*>\\s*<h2[^>]*>12. Buying as an agent</h2>", docs);
        Assert.Equal(sections.Count, Regex.Matches(docs, "<a href=\"docs#contents\">Back to contents</a>").Count);
    }

    [Fact]
    public async Task TheDocsPageTablesEachStatusCodeWithTheWordsPagesShowForIt()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        var docs = WebUtility.HtmlDecode(await http.GetStringAsync("/docs"));

        Assert.Matches("<td[^>]*><code[^>]*>provisioning</code></td><td[^>]*>Issuing key or Partly ready</td>", docs);
        Assert.Matches("<td[^>]*><code[^>]*>fulfilled</code></td><td[^>]*>Ready</td>", docs);
        Assert.Matches("<td[^>]*><code[^>]*>failed</code></td><td[^>]*>Refund due</td>", docs);
    }

    [Fact]
    public async Task TheDocsPageExplainsEveryPaymentProblemCode()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        var docs = WebUtility.HtmlDecode(await http.GetStringAsync("/docs"));

        foreach (var code in new[] { ProblemCodes.CardDeclined, ProblemCodes.InsufficientFunds, ProblemCodes.ProcessorError, ProblemCodes.QuoteUsed, ProblemCodes.IdempotencyKeyReused, ProblemCodes.SalesPaused })
            Assert.Matches($"<code[^>]*>{code}</code></td>\\s*<td[^>]*><code[^>]*>\\d{{3}}</code>", docs);
    }
}
