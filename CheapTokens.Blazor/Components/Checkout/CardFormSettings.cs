using CheapTokens.Blazor.Payments.Stripe;

namespace CheapTokens.Blazor.Components.Checkout;

/// <summary>How the card form loads Stripe: the publishable key, and whether it talks to Stripe.js or the app's stand-in.</summary>
/// <param name="StandInApiBase">Where the stand-in's script sends the card; null with real Stripe.</param>
public sealed record CardFormSettings(string PublishableKey, bool UsesStandIn, string? StandInApiBase)
{
    public static CardFormSettings From(StripeOptions stripe) => new(
        stripe.PublishableKey,
        stripe.UsesStandIn,
        !stripe.UsesStandIn ? null : string.IsNullOrWhiteSpace(stripe.ApiBase) ? StripeOptions.StandInPath : stripe.ApiBase);
}
