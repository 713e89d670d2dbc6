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
    /// <summary>Stripe took the card (or is taking it: its webhook settles the order either way).</summary>
    public bool TookPayment => Succeeded || Status is "processing" or "succeeded";

    public static StripePaymentResult Broken(string message) => new(false, null, null, "api_connection_error", null, null, message);
}
