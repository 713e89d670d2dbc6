using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Security;
using CheapTokens.Blazor.Supply;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// Cards declined in the buyer's page go from the browser to the processor, never through the store: the processor's
/// <c>payment_intent.payment_failed</c> event is how the store hears of each. Each one counts toward the declined-payment
/// limits of the order's quote and of the address that placed it; once either is reached, the intent is cancelled, so
/// it takes no more cards, and the order's credits go back on sale.
/// </summary>
public sealed class InPageDeclines(
    PaymentLedger ledger,
    OrderStore orders,
    UnpaidHolds holds,
    FailedPaymentLimits failedPayments,
    UnpaidOrderCancellation cancellation,
    ILogger<InPageDeclines> logger) : IInPageDeclines
{
    /// <summary>One card declined on this charge (a payment intent), as the processor reported it.</summary>
    public async Task RecordAsync(string chargeId, CancellationToken cancellationToken)
    {
        if (await ledger.FindByChargeIdAsync(chargeId, cancellationToken) is not { } payment) return;
        if (await orders.FindAsync(payment.OrderId, cancellationToken) is not { PaysInPage: true } order) return;
        // The address is kept with the hold; a hold already ended means the order is over and takes no card.
        if (await holds.AddressOfHoldAsync(order.Id, cancellationToken) is not { } address) return;
        await failedPayments.RecordFailureAsync(address, order.QuoteId, cancellationToken);
        if (await failedPayments.RetryAfterAsync(address, order.QuoteId, cancellationToken) is null) return;
        logger.LogWarning("Too many declined cards for order {OrderId} (its quote or its address); cancelling its payment", order.Id);
        await cancellation.CancelAsync(order.Id, cancellationToken);
    }
}
