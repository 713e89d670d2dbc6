using CheapTokens.Blazor.Payments.X402;

namespace CheapTokens.Blazor.Installation;

/// <summary>
/// x402 follows the store's mode as card payments do: a demo install never takes real USDC, and a live one never hands
/// out real keys for the simulated network.
/// </summary>
public static class X402ModeRule
{
    /// <summary>Why these x402 settings do not fit <paramref name="mode"/>, naming the settings; null when they do.</summary>
    public static string? Problem(StoreMode mode, X402Options x402)
    {
        const string section = X402Options.SectionName;
        if (!x402.Enabled) return null;
        return mode.Name switch
        {
            StoreModeName.Demo when !x402.Simulated =>
                $"{section}:{nameof(X402Options.Simulated)}=false takes real USDC on {x402.Network} in a demo install, whose keys are simulated. " +
                $"Set {section}:{nameof(X402Options.Simulated)}=true with {section}:{nameof(X402Options.FacilitatorUrl)}=/x402-sim, or {section}:{nameof(X402Options.Enabled)}=false.",
            StoreModeName.Live when x402.Simulated =>
                $"{section}:{nameof(X402Options.Simulated)}=true would sell real keys for simulated USDC: anyone could pay with a made-up balance. " +
                $"Set {section}:{nameof(X402Options.Simulated)}=false with {section}:{nameof(X402Options.Network)}=base, a facilitator's URL in " +
                $"{section}:{nameof(X402Options.FacilitatorUrl)} and the store's address in {section}:{nameof(X402Options.PayTo)}; or {section}:{nameof(X402Options.Enabled)}=false.",
            _ => null,
        };
    }
}
