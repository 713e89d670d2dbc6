namespace CheapTokens.Core.Payments.X402;

/// <summary>
/// A facilitator's answer to <c>/settle</c>, and the JSON the store returns base64-encoded in
/// <c>X-PAYMENT-RESPONSE</c> (x402's <c>SettleResponse</c>): the transaction hash, or the reason it failed.
/// </summary>
public sealed record SettlementResponse
{
    public required bool Success { get; init; }
    public string? ErrorReason { get; init; }
    public string? Payer { get; init; }
    public required string Transaction { get; init; }
    public required string Network { get; init; }
}
