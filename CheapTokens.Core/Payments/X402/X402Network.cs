namespace CheapTokens.Core.Payments.X402;

/// <summary>
/// A chain the store takes USDC on: its x402 name, chain id, the USDC contract and that contract's EIP-712 domain
/// name and version. The two real ones are the values the npm <c>x402</c> 1.2.0 package carries; a demo install
/// describes its own with <see cref="Simulated"/>.
/// </summary>
public sealed record X402Network(
    string Name,
    long ChainId,
    string AssetAddress,
    string AssetDomainName,
    string AssetDomainVersion,
    bool IsSimulated)
{
    /// <summary>USDC's contracts sign with domain version "2" on both Base networks.</summary>
    public const string UsdcDomainVersion = "2";

    public static X402Network Base { get; } =
        new("base", 8453, "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "USD Coin", UsdcDomainVersion, IsSimulated: false);

    public static X402Network BaseSepolia { get; } =
        new("base-sepolia", 84532, "0x036CbD53842c5426634e7929541eC2318f3dCF7e", "USDC", UsdcDomainVersion, IsSimulated: false);

    public static IReadOnlyList<X402Network> Known { get; } = [Base, BaseSepolia];

    /// <summary>A known network by its x402 name, or null.</summary>
    public static X402Network? FindKnown(string name) => Known.FirstOrDefault(n => n.Name == name);

    /// <summary>
    /// A network that exists only in a demo install: its own name, chain id and token address; signatures are checked
    /// exactly as on a real network. The npm x402 client signs only for networks it lists (it takes the chain id from
    /// the name), so a simulated network that real x402 clients should pay reuses a listed name with that name's chain
    /// id, e.g. "base-sepolia" and 84532, and differs in its token address.
    /// </summary>
    public static X402Network Simulated(
        string name, long chainId, string assetAddress, string assetDomainName = "USDC",
        string assetDomainVersion = UsdcDomainVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chainId);
        if (!EvmAddress.IsWellFormed(assetAddress))
            throw new ArgumentException($"The simulated token address '{assetAddress}' is not a 0x address of 40 hex digits.", nameof(assetAddress));
        ArgumentException.ThrowIfNullOrWhiteSpace(assetDomainName);
        ArgumentException.ThrowIfNullOrWhiteSpace(assetDomainVersion);
        return new X402Network(name, chainId, assetAddress, assetDomainName, assetDomainVersion, IsSimulated: true);
    }
}
