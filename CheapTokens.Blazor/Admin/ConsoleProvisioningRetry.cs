using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;

namespace CheapTokens.Blazor.Admin;

/// <summary>The console's "retry provisioning": hands a paid order still without its key back to the provisioning worker.</summary>
public sealed class ConsoleProvisioningRetry(
    KeyedLocks locks,
    OrderStore orders,
    IProvisioningQueue provisioning,
    OperatorAudit audit)
{
    /// <summary>Hands a paid order without its key back to the provisioning worker (again). Refused for any other state.</summary>
    public async Task<OrderActionResult> RetryProvisioningAsync(Guid orderId, string actor, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(ConsoleOrderAction.LockKey(orderId), cancellationToken);
        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"No order {orderId}.");
        if (order.Status is not (OrderStatus.Paid or OrderStatus.Provisioning))
            return new(false, $"Only a paid order still waiting for its key can be retried; this one is {order.Status}.");
        if (provisioning.PlaceOf(orderId) is not null)
            return new(false, "The order is already in the provisioning line.");
        provisioning.EnqueueNow(orderId);
        await audit.RecordAsync(ConsoleOrderAction.Named("retry provisioning", orderId), order.Status.ToString(), "handed to provisioning", cancellationToken, actor);
        return new(true, "Handed to provisioning: the worker mints its key next.");
    }
}
