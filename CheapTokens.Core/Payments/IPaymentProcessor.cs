namespace CheapTokens.Core.Payments;

/// <summary>
/// Port to a card processor, shaped after payment intents: every charge is created under an idempotency key the
/// store has saved first, can be found again by the store's order id, and is settled by the state the processor
/// reports, whoever asks (the checkout, a webhook, reconciliation).
/// </summary>
public interface IPaymentProcessor
{
    /// <summary>Whether the processor would take this payment method reference (e.g. a Stripe <c>pm_...</c> id).</summary>
    bool AcceptsMethod(string paymentMethod);

    /// <summary>
    /// Whether a charge can be created without a payment method and confirmed by the buyer's browser (Stripe's Payment
    /// Element); a processor that cannot needs a method with every order.
    /// </summary>
    bool TakesPaymentInPage { get; }

    /// <summary>The smallest amount the processor charges (Stripe: $0.50); smaller orders are refused before a quote.</summary>
    decimal MinimumCharge { get; }

    /// <summary>
    /// Creates the charge for an order. With a payment method it is confirmed at once (server-side payment); without
    /// one it waits for the buyer's browser to confirm it (<see cref="ProcessorCharge.ClientSecret"/>). The same
    /// idempotency key with the same request never charges twice.
    /// </summary>
    Task<ProcessorCharge> CreateChargeAsync(ChargeRequest request, CancellationToken cancellationToken);

    /// <summary>The charge as the processor sees it now.</summary>
    Task<ProcessorCharge> GetChargeAsync(string chargeId, CancellationToken cancellationToken);

    /// <summary>
    /// The charge created for an order, found by the order id sent with it; null when the processor has none (the
    /// create never reached it). Reconciliation uses it when a crash lost the charge id.
    /// </summary>
    Task<ProcessorCharge?> FindChargeForOrderAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels a charge still waiting for the buyer, so no later confirmation can take money; answers the charge's
    /// state after it (a charge that succeeded meanwhile stays succeeded).
    /// </summary>
    Task<ProcessorCharge> CancelChargeAsync(string chargeId, CancellationToken cancellationToken);

    /// <summary>Refunds a succeeded charge; the same idempotency key never refunds twice.</summary>
    Task<ProcessorRefund> RefundAsync(RefundRequest request, CancellationToken cancellationToken);
}

public sealed record ChargeRequest(Guid OrderId, decimal Amount, string? PaymentMethod, string IdempotencyKey, string Description);

public sealed record RefundRequest(string ChargeId, decimal Amount, string IdempotencyKey, string Reason);

public enum ChargeState
{
    Succeeded,

    /// <summary>Refused for good (decline, insufficient funds); nothing was taken.</summary>
    Failed,

    /// <summary>Created without a payment method: the buyer's browser must confirm it.</summary>
    AwaitingBuyer,

    /// <summary>The processor has it and has not decided yet.</summary>
    Processing,

    /// <summary>No answer (429, 5xx, timeout after retries): the outcome is unknown; ask again with the same key.</summary>
    Unreachable,
}

public sealed record ProcessorCharge(
    ChargeState State,
    string? ChargeId,
    PaymentFailureCode? FailureCode,
    string? Message,
    string? ClientSecret = null)
{
    /// <summary>
    /// A failed attempt on a charge that still takes another card (a Stripe intent back in requires_payment_method):
    /// final for a server-side payment, not for a buyer still paying in the page.
    /// </summary>
    public bool StillPayable { get; init; }
}

public enum RefundState
{
    Succeeded,
    Pending,

    /// <summary>The processor refuses this refund for good.</summary>
    Failed,

    Unreachable,
}

public sealed record ProcessorRefund(RefundState State, string? RefundId, string? Message);

/// <summary>
/// Applies what the processor says about a charge to the store's payment ledger and its order. Webhooks and
/// reconciliation both end here; applying the same state twice changes nothing.
/// </summary>
public interface IPaymentSettlement
{
    /// <summary>Looks the charge up at the processor and settles the payment and its order by its state.</summary>
    Task SettleChargeAsync(string chargeId, CancellationToken cancellationToken);

    /// <summary>Records a refund the processor reports for the charge (e.g. <c>charge.refunded</c>).</summary>
    Task SettleRefundAsync(string chargeId, CancellationToken cancellationToken);
}
