using CheapTokens.Blazor.Checkout;

namespace CheapTokens.Blazor.Components.Checkout;

/// <summary>The buying rules the store's pages state and check before asking for a quote.</summary>
/// <param name="MaxCreditsPerOrder">The most credits one order can buy.</param>
/// <param name="QuoteHold">How long a quote's price holds.</param>
public sealed record StorefrontSettings(int MaxCreditsPerOrder, TimeSpan QuoteHold)
{
    public static StorefrontSettings From(CheckoutOptions checkout) => new(checkout.MaxCreditsPerOrder, checkout.QuoteHold);
}
