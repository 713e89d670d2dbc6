namespace CheapTokens.Blazor.Payments.X402;

/// <summary>
/// A quote the store offered in a 402 answer, and for which request: a paying agent repeats the same request with
/// its payment and no quote id, so the store finds the quote again by the request's fingerprint and the value the
/// payer authorized. Written with the 402; the quote row says whether it still lives and whether an order took it.
/// </summary>
public sealed class X402Offer
{
    public Guid QuoteId { get; set; }

    /// <summary>What was asked for (<see cref="X402OrderRequest.Fingerprint"/>), not who asked.</summary>
    public string RequestFingerprint { get; set; } = "";

    /// <summary>The quote's total in USDC atomic units (millionths of a dollar): what the payer must authorize exactly.</summary>
    public long AtomicAmount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
