using System.Numerics;
using Nethereum.ABI.EIP712;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace CheapTokens.Core.Payments.X402;

/// <summary>
/// The EIP-712 domain of a token contract: the four fields USDC's domain separator is built from, no salt.
/// </summary>
[Struct("EIP712Domain")]
public sealed class TokenDomain : IDomain
{
    [Parameter("string", "name", 1)]
    public required string Name { get; init; }

    [Parameter("string", "version", 2)]
    public required string Version { get; init; }

    [Parameter("uint256", "chainId", 3)]
    public required BigInteger ChainId { get; init; }

    [Parameter("address", "verifyingContract", 4)]
    public required string VerifyingContract { get; init; }
}
