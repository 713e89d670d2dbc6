namespace CheapTokens.Core.Payments;

/// <summary>Port to the payment processor.</summary>
public interface IPaymentGateway
{
    /// <summary>Payment method names this gateway accepts.</summary>
    IReadOnlyCollection<string> SupportedMethods { get; }

    /// <summary>
    /// Charges <paramref name="amount"/> USD. The same <paramref name="idempotencyKey"/> never charges twice:
    /// a repeat returns the first final result. Only a retryable failure may be attempted again.
    /// </summary>
    Task<PaymentResult> ChargeAsync(Guid orderId, decimal amount, string method, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Refunds a successful charge; refunding the same charge again returns the first refund.</summary>
    Task<RefundResult> RefundAsync(string chargeId, decimal amount, string reason, CancellationToken cancellationToken);
}
