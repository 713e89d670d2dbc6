using System.Net;
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
    public async Task TheDocsPageExplainsEveryPaymentProblemCode()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        var docs = WebUtility.HtmlDecode(await http.GetStringAsync("/docs"));

        foreach (var code in new[] { ProblemCodes.CardDeclined, ProblemCodes.InsufficientFunds, ProblemCodes.ProcessorError, ProblemCodes.QuoteUsed, ProblemCodes.IdempotencyKeyReused, ProblemCodes.SalesPaused })
            Assert.Matches($"<code[^>]*>{code}</code></td>\\s*<td[^>]*><code[^>]*>\\d{{3}}</code>", docs);
    }
}
