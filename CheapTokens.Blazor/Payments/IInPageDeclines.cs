namespace CheapTokens.Blazor.Payments;

/// <summary>
/// Hears of each card declined in the buyer's page (the processor's <c>payment_intent.payment_failed</c> event), so
/// checkout can count it toward the declined-payment limits. The webhook inbox calls it; checkout implements it.
/// </summary>
public interface IInPageDeclines
{
    /// <summary>One card declined on this charge (a payment intent), as the processor reported it.</summary>
    Task RecordAsync(string chargeId, CancellationToken cancellationToken);
}
