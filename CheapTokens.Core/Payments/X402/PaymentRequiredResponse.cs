namespace CheapTokens.Core.Payments.X402;

/// <summary>
/// The body of a <c>402 Payment Required</c> answer (x402's <c>x402Response</c>): what the resource accepts, and when
/// a payment was refused, why (<see cref="Error"/>) and who tried (<see cref="Payer"/>).
/// </summary>
public sealed record PaymentRequiredResponse
{
    public int X402Version { get; init; } = X402Protocol.Version;
    public string? Error { get; init; }
    public required IReadOnlyList<PaymentRequirements> Accepts { get; init; }
    public string? Payer { get; init; }
}
