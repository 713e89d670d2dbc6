using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Payments.X402;
using CheapTokens.Blazor.Security;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Payments.X402;
using ModelContextProtocol.Server;

namespace CheapTokens.Blazor.Mcp;

/// <summary>
/// Quotes for agents, and the x402 requirement that pays one. Quotes come from the same <see cref="QuoteService"/> as
/// the API and the page, and count against the same per-address quote limit.
/// </summary>
[McpServerToolType]
public sealed class QuoteTools(QuoteService quotes, ClientRequestLimits limits, X402Offers offers, X402Checkout x402, McpCaller caller, TimeProvider clock)
{
    /// <summary>Where an agent pays a quote's price in USDC over x402.</summary>
    public const string X402OrdersPath = "/api/x402/orders";

    private const string NextStep = "To pay in USDC, call get_payment_requirement with this quoteId before expiresAt.";

    [McpServerTool(Name = "quote_credits", Title = "Quote credits for today", Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Locks today's live price for a number of credits (one credit = one diem of Venice API use, valid until " +
                 "00:00 UTC) and returns the quote: quoteId, total in USD and expiresAt, when the price hold ends. " +
                 "Refused with the reason when the amount is out of range, too little is left today, or sales are paused.")]
    public async Task<QuoteResult> QuoteCreditsAsync(
        [Description("How many credits (whole diem), e.g. 10.")] int credits,
        CancellationToken cancellationToken)
    {
        CountQuote();
        return Answer(await quotes.CreateQuoteAsync(credits, cancellationToken));
    }

    [McpServerTool(Name = "quote_pass", Title = "Quote a multi-day pass", Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Locks a price for a pass: diemPerDay of Venice API use on each of the given UTC dates, one key per run of " +
                 "consecutive dates. Today is priced live, later dates at the advance price. Returns quoteId, each date's " +
                 "price, the total in USD and expiresAt. Refused with the reason for a bad or sold-out date.")]
    public async Task<QuoteResult> QuotePassAsync(
        [Description("Diem on each date, e.g. 5.")] int diemPerDay,
        [Description("UTC dates as YYYY-MM-DD, from today up to the store's horizon, each at most once.")] string[] dates,
        CancellationToken cancellationToken)
    {
        CountQuote();
        return Answer(await quotes.CreatePassQuoteAsync(diemPerDay, dates, cancellationToken));
    }

    // Plain JSON text, no output schema: the requirement is x402's own shape, passed on exactly as the order endpoint writes it.
    [McpServerTool(Name = "get_payment_requirement", Title = "How to pay a quote in USDC", ReadOnly = true, OpenWorld = false)]
    [Description("For a quoteId from quote_credits or quote_pass: the x402 payment requirement (USDC, exact scheme) for " +
                 "POST " + X402OrdersPath + ", with the JSON body to send. Sign the requirement with your wallet and send that " +
                 "same body to that URL with the X-PAYMENT header (x402-fetch does this for you); the answer carries the order " +
                 "token, and get_order reads the key. MCP itself takes no payment.")]
    public async Task<PaymentRequirementResult> GetPaymentRequirementAsync(
        [Description("The quoteId a quote tool returned.")] string quoteId,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(quoteId, out var id))
            throw McpToolError.Because("quoteId must be the id quote_credits or quote_pass returned (a UUID).");
        if (!offers.Enabled)
            throw McpToolError.Because("This store does not take x402 (USDC) payments.");
        var quote = await quotes.FindAsync(id, cancellationToken) ?? throw McpToolError.Because("No quote has this id; ask for a new one.");
        if (quote.UsedByOrderId is not null)
            throw McpToolError.Because("An order was already placed on this quote; a quote pays for one order. Ask for a new quote.");
        if (quote.IsExpiredAt(clock.GetUtcNow()))
            throw McpToolError.Because($"The quote expired at {Instant(quote.ExpiresAt)}; ask for a new one.");
        var url = caller.UrlOf(X402OrdersPath);
        // Offered as the order endpoint's own 402 offers it, so the body sent with this payment finds this quote.
        var requirement = await x402.OfferQuoteAsync(quote, url, cancellationToken)
            ?? throw McpToolError.Because($"The quote expires at {Instant(quote.ExpiresAt)}, too soon to be paid over x402; ask for a new one.");

        return new PaymentRequirementResult(quote.Id, McpUnits.Usd, quote.Total, requirement.MaxAmountRequired, quote.ExpiresAt,
            "POST", url, BodyFor(quote), X402Protocol.Version, JsonSerializer.SerializeToElement(requirement, X402Json.Options),
            $"Sign this requirement (an EIP-3009 USDC transfer authorization of maxAmountRequired atomic units to payTo on " +
            $"{requirement.Network}, valid for at most maxTimeoutSeconds) and POST the body as JSON to the url with the signed payment " +
            $"in the {X402Protocol.PaymentHeader} header. The store answers 201 with the order's token and status plus " +
            $"{X402Protocol.PaymentResponseHeader}; call get_order with the token until its status is fulfilled. A refused payment is a " +
            "402 whose error says why and whose accepts holds the requirement to pay instead; nothing was taken. x402-fetch does all of " +
            "this from a plain POST of the body, paying the requirement the store answers at that moment.");
    }

    /// <summary>The body POST /api/x402/orders takes for what this quote prices.</summary>
    private static JsonElement BodyFor(Quote quote) => quote.Product == Product.Pass
        ? JsonSerializer.SerializeToElement(new { diemPerDay = quote.DiemPerDay, dates = quote.DatesInOrder().Select(d => PassInputRules.Format(d.Date)).ToList() })
        : JsonSerializer.SerializeToElement(new { credits = quote.Credits });

    private void CountQuote()
    {
        if (limits.TryAcquire(BuyingRequest.Quote, caller.Address) is { } wait) throw McpToolError.TooManyRequests(wait);
    }

    private static QuoteResult Answer(CreateQuoteResult result) => result switch
    {
        CreateQuoteResult.Created created => QuoteResult.Of(created.Quote, NextStep),
        CreateQuoteResult.Invalid invalid => throw McpToolError.Invalid(invalid.Errors),
        CreateQuoteResult.SoldOut soldOut => throw McpToolError.Because(soldOut.Remaining == 0
            ? "Today's credits are sold out; supply renews at 00:00 UTC."
            : $"Only {soldOut.Remaining} credits are left today; ask for fewer."),
        CreateQuoteResult.DatesSoldOut soldOut => throw McpToolError.Because("Not enough diem left on " +
            string.Join(", ", soldOut.Dates.Select(d => $"{PassInputRules.Format(d.Date)} ({d.Remaining} left)")) + "."),
        CreateQuoteResult.KeyCapacity => throw McpToolError.Because(CreateQuoteResult.KeyCapacity.Explanation),
        CreateQuoteResult.SalesPaused paused => throw McpToolError.Because($"Sales are paused: {paused.Reason} Nothing was quoted; get_supply says when they resume."),
        var other => throw new InvalidOperationException($"Unhandled quote result {other}."),
    };

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
