using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;

namespace CheapTokens.Blazor.Checkout;

public abstract record CancelOrderResult
{
    /// <summary>The order is declined, nothing was charged, and its credits are back on sale (also when it already was).</summary>
    public sealed record Cancelled(OrderSummary Order) : CancelOrderResult;

    public sealed record NotFound : CancelOrderResult;

    /// <summary>Paid (or being charged) already, or not an order waiting for a card in the page: nothing was changed.</summary>
    public sealed record NotCancellable(OrderStatus Status) : CancelOrderResult;
}

/// <summary>
/// Ends an order still waiting for the buyer's card in the page before its time runs out: the payment intent is
/// cancelled at the processor first (so no late confirmation can take money), then the order is settled by what the
/// processor says: declined, its hold ended and its credits back on sale at once. The buyer leaving calls it; so do
/// declined-payment limits once a quote or an address has had too many cards declined.
/// </summary>
public sealed class UnpaidOrderCancellation(OrderStore orders, PaymentLedger ledger, IPaymentProcessor processor, PaymentSettlement settlement, ILogger<UnpaidOrderCancellation> logger)
{
    /// <summary>Cancels the order with this token, if it is still waiting for its card.</summary>
    public async Task<CancelOrderResult> CancelAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200 || await orders.FindByTokenAsync(token, cancellationToken) is not { } order)
            return new CancelOrderResult.NotFound();
        return await CancelAsync(order, token, cancellationToken);
    }

    /// <summary>Cancels the order by its id (for the store's own limits; there is no buyer token to answer with).</summary>
    public async Task<CancelOrderResult> CancelAsync(Guid orderId, CancellationToken cancellationToken) =>
        await orders.FindAsync(orderId, cancellationToken) is { } order ? await CancelAsync(order, null, cancellationToken) : new CancelOrderResult.NotFound();

    private async Task<CancelOrderResult> CancelAsync(Order order, string? token, CancellationToken cancellationToken)
    {
        if (!order.PaysInPage) return new CancelOrderResult.NotCancellable(order.Status);
        if (order.Status == OrderStatus.Declined) return Cancelled(order, token);
        var payment = await ledger.FindByOrderAsync(order.Id, cancellationToken);
        if (order.Status != OrderStatus.Created || payment is not { State: PaymentState.AwaitingBuyer, ChargeId: { } chargeId })
            return new CancelOrderResult.NotCancellable(order.Status);

        var charge = await processor.CancelChargeAsync(chargeId, cancellationToken);
        var settled = await settlement.ApplyChargeAsync(order.Id, charge, CancellationToken.None);
        if (settled.Order.Status != OrderStatus.Declined)
        {
            // Paid meanwhile, or the processor did not answer: the order stays as it is, and reconciliation follows it.
            logger.LogInformation("Order {OrderId} was not cancelled: it is {Status}", order.Id, settled.Order.Status);
            return new CancelOrderResult.NotCancellable(settled.Order.Status);
        }
        logger.LogInformation("Order {OrderId} was cancelled before payment; its credits are back on sale", order.Id);
        return Cancelled(settled.Order, token);
    }

    private static CancelOrderResult.Cancelled Cancelled(Order order, string? token) => new(OrderSummary.Of(order) with { Token = token });
}
