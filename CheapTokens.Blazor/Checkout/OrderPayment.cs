using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// Charges an order whose payment row is already saved (Pending, with its idempotency key), and answers the buyer by
/// what the settlement made of the processor's answer. Runs with the supply held, so it ignores cancellation: a buyer
/// who goes away does not leave a charge half recorded.
/// </summary>
public sealed class OrderPayment(IPaymentProcessor processor, PaymentSettlement settlement, IdempotencyRecords idempotency, ILogger<OrderPayment> logger)
{
    /// <param name="token">The order's token, known to the request that placed it or read from its idempotency record.</param>
    public async Task<PlaceOrderResult> ChargeAsync(Order order, Payment payment, string token)
    {
        var uninterrupted = CancellationToken.None;
        using var span = StoreTracing.StartForOrder("payment charge", order.Id);
        ProcessorCharge charge;
        try
        {
            // The same key every time this order is charged: a retry can never produce a second charge.
            charge = await processor.CreateChargeAsync(
                new ChargeRequest(order.Id, order.Total, order.PaysInPage ? null : order.PaymentMethod, payment.IdempotencyKey, $"CheapTokens order {order.Id:N}"), uninterrupted);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Charge for order {OrderId} got no answer; it stays pending", order.Id);
            charge = new ProcessorCharge(ChargeState.Unreachable, null, PaymentFailureCode.ProcessorError, "The payment processor did not answer.");
        }

        var settled = await settlement.ApplyChargeAsync(order.Id, charge, uninterrupted);
        if (settled.Payment.State == PaymentState.Pending && charge.State == ChargeState.Unreachable)
        {
            logger.LogWarning("Charge for order {OrderId} is in doubt: the processor did not answer", order.Id);
            return new PlaceOrderResult.PaymentUnavailable(charge.Message);
        }
        return AnswerOf(settled, token, replayed: false);
    }

    /// <summary>The answer for an order whose payment has moved on: the saved one, else what its state says.</summary>
    public PlaceOrderResult AnswerOf(PaymentChange settled, string token, bool replayed)
    {
        var saved = settled.Record is { } record ? idempotency.AnswerOf(record) : null;
        saved ??= settled.Payment.State switch
        {
            PaymentState.Failed when settled.Order.Status == OrderStatus.Declined =>
                SavedAnswer.Declined(token, settled.Payment.FailureCode ?? PaymentFailureCode.Declined.ToCode(), settled.Payment.Message),
            PaymentState.Pending or PaymentState.AwaitingBuyer => SavedAnswer.Placed(token, OrderStatus.Created),
            _ => SavedAnswer.Placed(token, OrderStatus.Paid),
        };
        return saved.ToResult(settled.Order, replayed);
    }
}
