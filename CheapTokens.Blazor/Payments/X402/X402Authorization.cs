namespace CheapTokens.Blazor.Payments.X402;

/// <summary>
/// One transfer authorization a payer sent, kept by its nonce (unique: the same authorization twice, on any node, is
/// one order). Saved before the order is placed and before anything is settled, with what the facilitator needs to
/// settle it again after a crash or to tell what became of it, and whom to pay back.
/// </summary>
public sealed class X402Authorization
{
    /// <summary>The EIP-3009 nonce, lower-case 0x hex: the primary key.</summary>
    public string Nonce { get; set; } = "";

    public Guid OrderId { get; set; }

    public Guid QuoteId { get; set; }

    public string Network { get; set; } = "";

    /// <summary>The payer's address (whose key signed): refunds go back here.</summary>
    public string Payer { get; set; } = "";

    /// <summary>The authorized value in USDC atomic units.</summary>
    public long AtomicAmount { get; set; }

    /// <summary>The payment as x402 writes it (JSON of the decoded X-PAYMENT), sent to the facilitator's /settle.</summary>
    public string PaymentJson { get; set; } = "";

    /// <summary>The requirement it pays (JSON), sent beside it.</summary>
    public string RequirementJson { get; set; } = "";

    /// <summary>When the facilitator was last asked to settle it; once asked, a refusal may hide a settlement nobody heard of.</summary>
    public DateTimeOffset? SettlementAskedAt { get; set; }

    /// <summary>The settling transaction's hash, once the facilitator named one.</summary>
    public string? Transaction { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
