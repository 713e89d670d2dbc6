namespace CheapTokens.Blazor.Payments;

/// <summary>Outcome of <see cref="PaymentSettlement.FailAndRefundAsync"/>.</summary>
/// <param name="Refunded">False when the refund is not done: the order stays Failed and the call is repeated later, unless
/// <see cref="NeedsAttention"/>.</param>
public sealed record RefundOutcome(bool Refunded, string? RefundId, string? Message)
{
    /// <summary>The processor refused the refund for good: retrying is pointless, the order waits for a person.</summary>
    public bool NeedsAttention { get; init; }

    /// <summary>
    /// Venice ids of keys already minted for this order (a pass refunded after some runs were minted): the whole
    /// pass is refunded, so the caller should revoke these.
    /// </summary>
    public IReadOnlyList<string> MintedKeyIds { get; init; } = [];
}
