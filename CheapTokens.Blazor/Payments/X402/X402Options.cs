using CheapTokens.Core.Payments.X402;

namespace CheapTokens.Blazor.Payments.X402;

/// <summary>
/// The "Payments:X402" configuration section: whether agents can pay in USDC over x402, on which network, to which
/// address, and which facilitator settles. A demo install pays on a simulated network (the name and chain id of Base
/// Sepolia, so real x402 clients sign for it, with a token address of its own) settled by the facilitator stand-in.
/// </summary>
public sealed class X402Options
{
    public const string SectionName = "Payments:X402";

    /// <summary>The token address of the demo's simulated USDC: made up, owned by no contract on any chain.</summary>
    public const string DemoAssetAddress = "0x5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";

    public bool Enabled { get; set; } = true;

    /// <summary>"base" or "base-sepolia" for real USDC; anything with <see cref="Simulated"/> set is the demo's own.</summary>
    public string Network { get; set; } = "base-sepolia";

    /// <summary>When true, <see cref="Network"/> names a simulated network whose token is <see cref="SimulatedAssetAddress"/>.</summary>
    public bool Simulated { get; set; } = true;

    public long SimulatedChainId { get; set; } = 84532;

    public string SimulatedAssetAddress { get; set; } = DemoAssetAddress;

    /// <summary>The store's address: where buyers' USDC goes. A public address, not a secret.</summary>
    public string PayTo { get; set; } = "";

    /// <summary>The facilitator's base URL (its <c>/verify</c> and <c>/settle</c> follow); a path is the app's own address.</summary>
    public string FacilitatorUrl { get; set; } = "/x402-sim";

    /// <summary>How long a call to the facilitator may take; a settlement not answered by then is reconciled later.</summary>
    public double FacilitatorTimeoutSeconds { get; set; } = 15;

    /// <summary>How long a paid order's answer waits for its key, so a plain x402 fetch gets the key in one call.</summary>
    public double KeyWaitSeconds { get; set; } = 5;

    /// <summary>The facilitator is the app's own stand-in (a path, not an absolute URL).</summary>
    public bool UsesStandIn => FacilitatorUrl.StartsWith('/');

    /// <summary>The network as the protocol core knows it, or null when the settings name none.</summary>
    public X402Network? ResolveNetwork()
    {
        if (Simulated)
            return EvmAddress.IsWellFormed(SimulatedAssetAddress) && SimulatedChainId > 0 && !string.IsNullOrWhiteSpace(Network)
                ? X402Network.Simulated(Network, SimulatedChainId, SimulatedAssetAddress)
                : null;
        return X402Network.FindKnown(Network);
    }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enabled) return errors;
        if (ResolveNetwork() is null)
            errors.Add(Simulated
                ? $"{SectionName}: a simulated network needs a Network name, a SimulatedChainId above 0 and a SimulatedAssetAddress of 0x and 40 hex digits."
                : $"{SectionName}:{nameof(Network)} must be one of {string.Join(", ", X402Network.Known.Select(n => n.Name))} (was '{Network}').");
        if (!EvmAddress.IsChecksumValidOrSingleCase(PayTo))
            errors.Add($"{SectionName}:{nameof(PayTo)} must be the store's address, 0x and 40 hex digits (was '{PayTo}').");
        if (string.IsNullOrWhiteSpace(FacilitatorUrl))
            errors.Add($"{SectionName}:{nameof(FacilitatorUrl)} must name the facilitator (a URL, or a path on this app for the stand-in).");
        else if (!UsesStandIn && !(Uri.TryCreate(FacilitatorUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            errors.Add($"{SectionName}:{nameof(FacilitatorUrl)} must be an absolute http(s) URL, or a path starting with / for the stand-in (was '{FacilitatorUrl}').");
        if (FacilitatorTimeoutSeconds is <= 0 or > 300)
            errors.Add($"{SectionName}:{nameof(FacilitatorTimeoutSeconds)} must be above 0 and at most 300.");
        if (KeyWaitSeconds is < 0 or > 60)
            errors.Add($"{SectionName}:{nameof(KeyWaitSeconds)} must be between 0 and 60.");
        if (Simulated && !UsesStandIn)
            errors.Add($"{SectionName}: a simulated network is settled only by the facilitator stand-in: set {nameof(FacilitatorUrl)} to /x402-sim, or {nameof(Simulated)}=false for a real network.");
        if (!Simulated && UsesStandIn)
            errors.Add($"{SectionName}: the facilitator stand-in settles only the simulated network: set {nameof(FacilitatorUrl)} to a real facilitator's URL for {Network}, or {nameof(Simulated)}=true.");
        return errors;
    }
}
