using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;

namespace CheapTokens.Blazor.Admin;

/// <summary>The console's refund of an order: serialised per order, nothing done twice, audited before and after the processor is asked.</summary>
public sealed class ConsoleRefund(
    KeyedLocks locks,
    OrderStore orders,
    PaymentLedger ledger,
    OrderRefunds refunds,
    OrderKeyRevoker keys,
    OrderUpdates updates,
    OperatorAudit audit,
    TimeProvider clock)
{
    /// <summary>
    /// Gives the money back for a paid order that has no key (Paid, Provisioning, Failed), or for a fulfilled one after
    /// revoking its keys on Venice (nothing is refunded while a key still works), or asks again for a refund the
    /// processor refused (same refund key: it can never be paid out twice). A pass's keys stop with it.
    /// </summary>
    public async Task<OrderActionResult> RefundAsync(Guid orderId, string actor, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(ConsoleOrderAction.LockKey(orderId), cancellationToken);
        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"No order {orderId}.");
        var payment = await ledger.FindByOrderAsync(orderId, cancellationToken);
        if (order.Status == OrderStatus.Refunded || payment?.State == PaymentState.Refunded) return new(false, "Already refunded.");
        var before = $"{order.Status}, payment {payment?.State}";
        var retryRefused = payment?.State == PaymentState.RefundRefused;
        if (!retryRefused && order.Status is not (OrderStatus.Paid or OrderStatus.Provisioning or OrderStatus.Failed or OrderStatus.Fulfilled))
            return new(false, $"Only a paid order can be refunded; this one is {order.Status}.");
        await audit.RecordAskedAsync("refund", orderId, before, actor, cancellationToken);
        if (retryRefused)
        {
            await ledger.ChangeAsync(orderId, (c, _) =>
            {
                if (c.Payment.State == PaymentState.RefundRefused) c.Payment.RetryRefusedRefund(clock.GetUtcNow());
                return Task.CompletedTask;
            }, cancellationToken);
        }
        else if (order.Status == OrderStatus.Fulfilled)
        {
            if (await keys.RevokeLiveKeysAsync(order, cancellationToken) is { } notRevoked)
            {
                await audit.RecordAsync(ConsoleOrderAction.Named("refund", orderId), before, $"not done: {notRevoked}", cancellationToken, actor);
                return new(false, $"{notRevoked} Nothing was refunded.");
            }
            order = await orders.FindAsync(orderId, cancellationToken) ?? order;
        }

        await refunds.RefundAsync(order, "Refunded by an operator.", cancellationToken);
        var after = await orders.FindAsync(orderId, cancellationToken) ?? order;
        var paymentAfter = await ledger.FindByOrderAsync(orderId, cancellationToken);
        if (paymentAfter?.State == PaymentState.Refunded && after.NeedsAttention)
            after = await orders.ChangeAsync(orderId, o => o.ClearAttention(clock.GetUtcNow()), cancellationToken);
        updates.Publish(orderId);
        await audit.RecordAsync(ConsoleOrderAction.Named("refund", orderId), before, $"{after.Status}, payment {paymentAfter?.State}", cancellationToken, actor);
        return paymentAfter?.State switch
        {
            PaymentState.Refunded => new(true, "Refunded."),
            PaymentState.RefundRefused => new(true, $"The processor refused the refund again: {paymentAfter.Message}"),
            _ => new(true, "Refund asked for; the processor has not answered yet. Reconciliation asks again with the same key."),
        };
    }
}
