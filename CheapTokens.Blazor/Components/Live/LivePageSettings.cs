using CheapTokens.Blazor.LivePrices;

namespace CheapTokens.Blazor.Components.Live;

/// <summary>How the page's script treats live prices in a tab nobody looks at.</summary>
/// <param name="PauseHiddenPagesAfterSeconds">A hidden tab lets go of its live connection after this long.</param>
public sealed record LivePageSettings(int PauseHiddenPagesAfterSeconds)
{
    public static LivePageSettings From(LivePricesOptions livePrices) => new(livePrices.PauseHiddenPagesAfterSeconds);
}
