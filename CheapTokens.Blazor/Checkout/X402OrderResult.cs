using CheapTokens.Core.Payments.X402;

namespace CheapTokens.Blazor.Checkout;

public abstract record X402OrderResult
{
    /// <summary>The quote the store offers for the request, and what it asks to be paid.</summary>
    public sealed record Offered(PaymentRequirements Requirement) : X402OrderResult;

    /// <summary>The payment is not taken (nothing was settled): why, in x402's words, and what to pay instead.</summary>
    public sealed record Refused(string Error, string Message) : X402OrderResult;

    /// <summary>Settled and placed (or a repeat of that request): the order's token and the settlement.</summary>
    public sealed record Paid(string Token, SettlementResponse Settlement, bool Repeated) : X402OrderResult;

    /// <summary>The facilitator did not answer the settlement: the order waits and is reconciled; the token follows it.</summary>
    public sealed record SettlementUnknown(string Token) : X402OrderResult;

    /// <summary>The facilitator could not be asked to verify; nothing was placed or settled.</summary>
    public sealed record FacilitatorUnavailable(string Message) : X402OrderResult;

    /// <summary>Refused as the card API refuses (bad input, sold out, paused, capacity, rate limits): nothing was settled.</summary>
    public sealed record NotPlaced(PlaceOrderResult Reason) : X402OrderResult;

    /// <summary>The quote could not be made (bad input, sold out, paused, capacity).</summary>
    public sealed record NotQuoted(CreateQuoteResult Reason) : X402OrderResult;
}
