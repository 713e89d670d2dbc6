namespace CheapTokens.Core.Payments.X402;

/// <summary>
/// The JSON inside an <c>X-PAYMENT</c> header, as x402's <c>PaymentPayloadSchema</c> types it for EVM networks. Every
/// number is a decimal string and every byte string is 0x-prefixed hex, as the client writes them.
/// Members are nullable because this is what arrived; <see cref="PaymentHeaderDecoder"/> says what is missing.
/// </summary>
public sealed record PaymentPayload
{
    public int? X402Version { get; init; }
    public string? Scheme { get; init; }
    public string? Network { get; init; }
    public ExactEvmPayload? Payload { get; init; }
}

/// <summary>The EIP-3009 authorization and its 65-byte signature.</summary>
public sealed record ExactEvmPayload
{
    public string? Signature { get; init; }
    public ExactEvmAuthorization? Authorization { get; init; }
}

/// <summary>
/// <c>transferWithAuthorization</c>'s arguments: <see cref="Value"/> in atomic units, <see cref="ValidAfter"/> and
/// <see cref="ValidBefore"/> in Unix seconds, <see cref="Nonce"/> 32 random bytes.
/// </summary>
public sealed record ExactEvmAuthorization
{
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Value { get; init; }
    public string? ValidAfter { get; init; }
    public string? ValidBefore { get; init; }
    public string? Nonce { get; init; }
}
