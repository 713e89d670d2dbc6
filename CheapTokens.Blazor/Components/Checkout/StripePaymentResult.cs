namespace CheapTokens.Blazor.Components.Checkout;

/// <summary>What confirming the Payment Element gave: a payment intent's status, or Stripe's error as the browser got it.</summary>
public sealed record StripePaymentResult(
    bool Succeeded,
    string? Status,
    string? PaymentIntentId,
    string? ErrorType,
    string? ErrorCode,
    string? DeclineCode,
    string? Message)
{
    public static StripePaymentResult Broken(string message) => new(false, null, null, "api_connection_error", null, null, message);
}
