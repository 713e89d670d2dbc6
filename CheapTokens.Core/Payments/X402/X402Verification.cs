using System.Diagnostics.CodeAnalysis;

namespace CheapTokens.Core.Payments.X402;

/// <summary>The store's verdict on a payment: accepted, naming the payer whose key signed it, or one refusal.</summary>
public sealed record X402Verification
{
    public string? Payer { get; private init; }
    public X402Refusal? Refusal { get; private init; }

    [MemberNotNullWhen(true, nameof(Payer))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsValid => Payer is not null;

    public static X402Verification Accepted(string payer) => new() { Payer = payer };

    public static X402Verification Refused(string code, string message) => new() { Refusal = new X402Refusal(code, message) };
}
