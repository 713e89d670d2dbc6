using System.Numerics;

namespace CheapTokens.Core.Payments.X402;

/// <summary>A well-formed <c>X-PAYMENT</c>: its scheme and network, the authorization with numbers parsed, the signature.</summary>
public sealed record X402Payment(string Scheme, string Network, TransferAuthorization Authorization, string Signature);

/// <summary>
/// An EIP-3009 transfer authorization: <see cref="Value"/> atomic units from <see cref="From"/> to <see cref="To"/>,
/// usable from <see cref="ValidAfter"/> until before <see cref="ValidBefore"/> (Unix seconds), once (<see cref="Nonce"/>,
/// 0x and 64 hex digits).
/// </summary>
public sealed record TransferAuthorization(
    string From, string To, BigInteger Value, BigInteger ValidAfter, BigInteger ValidBefore, string Nonce);
