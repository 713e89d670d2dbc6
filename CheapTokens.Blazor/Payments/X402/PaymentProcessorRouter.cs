using CheapTokens.Core.Payments;

namespace CheapTokens.Blazor.Payments.X402;

/// <summary>
/// The store's one payment port over two rails: orders paid over x402 (payment method <c>x402</c>, charge ids that are
/// transaction hashes) go to <see cref="X402Settlements"/>, every other to the card processor. So the payment ledger,
/// settlement, refunds and reconciliation hold the same money rules for both without knowing which is which.
/// </summary>
public sealed class PaymentProcessorRouter(IPaymentProcessor cards, X402Settlements x402) : IPaymentProcessor
{
    public IPaymentProcessor Cards => cards;

    // Never accepted on the card API: an x402 order is placed only with its signed authorization.
    public bool AcceptsMethod(string paymentMethod) => cards.AcceptsMethod(paymentMethod);

    public bool TakesPaymentInPage => cards.TakesPaymentInPage;

    public decimal MinimumCharge => cards.MinimumCharge;

    public Task<ProcessorCharge> CreateChargeAsync(ChargeRequest request, CancellationToken cancellationToken) =>
        request.PaymentMethod == X402Settlements.PaymentMethod
            ? x402.SettleAsync(request.OrderId, cancellationToken)
            : cards.CreateChargeAsync(request, cancellationToken);

    // Only settled transactions become charge ids: a hash the store recorded is a succeeded charge.
    public Task<ProcessorCharge> GetChargeAsync(string chargeId, CancellationToken cancellationToken) =>
        X402Settlements.IsTransaction(chargeId)
            ? Task.FromResult(new ProcessorCharge(ChargeState.Succeeded, chargeId, null, null))
            : cards.GetChargeAsync(chargeId, cancellationToken);

    public async Task<ProcessorCharge?> FindChargeForOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        await x402.FindForOrderAsync(orderId, cancellationToken) is not null
            ? await x402.FindAsync(orderId, cancellationToken)
            : await cards.FindChargeForOrderAsync(orderId, cancellationToken);

    public Task<ProcessorCharge> CancelChargeAsync(string chargeId, CancellationToken cancellationToken) =>
        X402Settlements.IsTransaction(chargeId) ? GetChargeAsync(chargeId, cancellationToken) : cards.CancelChargeAsync(chargeId, cancellationToken);

    public Task<ProcessorRefund> RefundAsync(RefundRequest request, CancellationToken cancellationToken) =>
        X402Settlements.IsTransaction(request.ChargeId) ? x402.RefundAsync(request, cancellationToken) : cards.RefundAsync(request, cancellationToken);
}
