namespace CheapTokens.Blazor.Payments.Webhooks;

/// <summary>
/// A verified Stripe event the store accepted: its id is the primary key, so a replay is recognised, and it is
/// applied from this record (also after a restart) until <see cref="ProcessedAt"/> is set.
/// </summary>
public sealed class ReceivedStripeEvent
{
    public string Id { get; set; } = "";

    public string Type { get; set; } = "";

    /// <summary>The payment intent the event is about.</summary>
    public string PaymentIntentId { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }
}
