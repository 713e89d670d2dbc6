namespace CheapTokens.Blazor.Payments.Stripe;

/// <summary>Stripe's documented test payment methods, which its test mode and the app's stand-in both take.</summary>
public static class StripeTestPaymentMethods
{
    public const string Visa = "pm_card_visa";
    public const string ChargeDeclined = "pm_card_chargeDeclined";
    public const string ChargeDeclinedInsufficientFunds = "pm_card_chargeDeclinedInsufficientFunds";
}
