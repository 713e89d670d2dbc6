using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments.X402;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Payments.X402;

/// <summary>
/// What the store asks an agent to pay for a quote: the x402 <c>exact</c> requirement for its total in USDC, on the
/// configured network, to the store's address, signed within the quote's remaining life. The order endpoint answers
/// it in its 402; the MCP server hands it out for a quote.
/// </summary>
public sealed class X402Offers(IOptions<X402Options> options, TimeProvider clock)
{
    public bool Enabled => options.Value.Enabled;

    public X402Network Network => options.Value.ResolveNetwork()
        ?? throw new InvalidOperationException($"{X402Options.SectionName} names no network; the settings check should have stopped the app.");

    /// <summary>The requirement for <paramref name="quote"/>, or null when the quote has too little life left to be paid.</summary>
    public PaymentRequirements? ForQuote(Quote quote, Uri resource)
    {
        var remaining = quote.ExpiresAt - clock.GetUtcNow();
        if (remaining <= X402PaymentVerifier.ValidBeforeMargin) return null;
        return PaymentRequirementsBuilder.Build(quote.Total, resource, Describe(quote), options.Value.PayTo, Network, remaining);
    }

    private static string Describe(Quote quote) => quote.Product switch
    {
        Product.Pass => $"A Venice inference key with {quote.DiemPerDay} diem on each of {quote.Dates.Count} days, " +
                        $"{quote.DatesInOrder()[0].Date:yyyy-MM-dd} to {quote.DatesInOrder()[^1].Date:yyyy-MM-dd} (UTC): ${quote.Total:0.00} in USDC.",
        _ => $"A Venice inference key for {quote.Credits} diem of API use, valid until 00:00 UTC: ${quote.Total:0.00} in USDC.",
    };
}
