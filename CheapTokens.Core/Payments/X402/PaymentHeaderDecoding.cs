using System.Diagnostics.CodeAnalysis;

namespace CheapTokens.Core.Payments.X402;

/// <summary>What <see cref="PaymentHeaderDecoder"/> made of a header: a payment, or the one reason it is not one.</summary>
public sealed record PaymentHeaderDecoding
{
    public X402Payment? Payment { get; private init; }
    public X402Refusal? Refusal { get; private init; }

    [MemberNotNullWhen(true, nameof(Payment))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsDecoded => Payment is not null;

    public static PaymentHeaderDecoding Decoded(X402Payment payment) => new() { Payment = payment };

    public static PaymentHeaderDecoding Refused(string code, string message) => new() { Refusal = new X402Refusal(code, message) };
}
