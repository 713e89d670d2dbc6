using System.Numerics;
using Nethereum.ABI.EIP712;
using Nethereum.Signer.EIP712;

namespace CheapTokens.Core.Payments.X402;

/// <summary>
/// The EIP-712 typed data an EIP-3009 <c>TransferWithAuthorization</c> is signed over, built exactly as the x402
/// client builds it (same types, same domain fields), and the recovery of its signer.
/// </summary>
public static class TransferAuthorizationTypedData
{
    public const string PrimaryType = "TransferWithAuthorization";

    public static TypedData<TokenDomain> Create(TokenDomain domain, TransferAuthorization authorization) => new()
    {
        Domain = domain,
        PrimaryType = PrimaryType,
        Types = new Dictionary<string, MemberDescription[]>
        {
            ["EIP712Domain"] =
            [
                new() { Name = "name", Type = "string" },
                new() { Name = "version", Type = "string" },
                new() { Name = "chainId", Type = "uint256" },
                new() { Name = "verifyingContract", Type = "address" },
            ],
            [PrimaryType] =
            [
                new() { Name = "from", Type = "address" },
                new() { Name = "to", Type = "address" },
                new() { Name = "value", Type = "uint256" },
                new() { Name = "validAfter", Type = "uint256" },
                new() { Name = "validBefore", Type = "uint256" },
                new() { Name = "nonce", Type = "bytes32" },
            ],
        },
        Message =
        [
            new() { TypeName = "address", Value = authorization.From },
            new() { TypeName = "address", Value = authorization.To },
            new() { TypeName = "uint256", Value = authorization.Value },
            new() { TypeName = "uint256", Value = authorization.ValidAfter },
            new() { TypeName = "uint256", Value = authorization.ValidBefore },
            new() { TypeName = "bytes32", Value = Convert.FromHexString(authorization.Nonce.AsSpan(2)) },
        ],
    };

    /// <summary>The address whose key made <paramref name="signature"/> (65 bytes, 0x hex) over the typed data.</summary>
    public static string RecoverSigner(TokenDomain domain, TransferAuthorization authorization, string signature) =>
        Eip712TypedDataSigner.Current.RecoverFromSignatureV4(Create(domain, authorization), signature);

    /// <summary>The token domain of <paramref name="network"/>'s asset, under the name and version a requirement gives.</summary>
    public static TokenDomain DomainOf(X402Network network, string assetAddress, string name, string version) => new()
    {
        Name = name,
        Version = version,
        ChainId = new BigInteger(network.ChainId),
        VerifyingContract = assetAddress,
    };
}
