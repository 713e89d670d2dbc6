namespace CheapTokens.Core.Orders;

/// <summary>
/// The order state machine as a table. A paid order can only leave the paid branch by getting its key
/// (Fulfilled) or by failing, and a failed order's only way out is a refund. A fulfilled order can still be refunded
/// by an operator, but only once its keys are revoked (see <see cref="Order.MarkRefunded"/>): a key or a refund, never both.
/// </summary>
public static class OrderTransitions
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Allowed = new()
    {
        [OrderStatus.Created] = [OrderStatus.Paid, OrderStatus.Declined],
        [OrderStatus.Paid] = [OrderStatus.Provisioning, OrderStatus.Failed],
        [OrderStatus.Provisioning] = [OrderStatus.Fulfilled, OrderStatus.Failed],
        [OrderStatus.Failed] = [OrderStatus.Refunded],
        [OrderStatus.Declined] = [],
        [OrderStatus.Fulfilled] = [OrderStatus.Refunded],
        [OrderStatus.Refunded] = [],
    };

    public static bool IsAllowed(OrderStatus from, OrderStatus to) => Allowed[from].Contains(to);
}
