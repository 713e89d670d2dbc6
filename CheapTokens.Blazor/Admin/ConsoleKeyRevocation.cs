using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Orders;

namespace CheapTokens.Blazor.Admin;

/// <summary>The console's revoke of an order's keys on Venice: serialised per order, nothing to do once revoked, audited before and after.</summary>
public sealed class ConsoleKeyRevocation(
    KeyedLocks locks,
    OrderStore orders,
    OrderKeyRevoker keys,
    OperatorAudit audit)
{
    /// <summary>Revokes the order's keys on Venice (each on the account holding it) and records it. Nothing to do once revoked.</summary>
    public async Task<OrderActionResult> RevokeKeysAsync(Guid orderId, string actor, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(ConsoleOrderAction.LockKey(orderId), cancellationToken);
        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"No order {orderId}.");
        var live = OrderKeyRevoker.LiveKeys(order);
        if (live.Count == 0) return new(false, "The order has no key left to revoke.");
        var ids = string.Join(", ", live.Select(k => k.VeniceKeyId));
        await audit.RecordAskedAsync("revoke key", orderId, $"live: {ids}", actor, cancellationToken);
        if (await keys.RevokeLiveKeysAsync(order, cancellationToken) is { } notRevoked)
        {
            await audit.RecordAsync(ConsoleOrderAction.Named("revoke key", orderId), $"live: {ids}", $"not done: {notRevoked}", cancellationToken, actor);
            return new(false, notRevoked);
        }
        await audit.RecordAsync(ConsoleOrderAction.Named("revoke key", orderId), $"live: {ids}", $"revoked: {ids}", cancellationToken, actor);
        return new(true, live.Count == 1 ? "Key revoked on Venice." : $"{live.Count} keys revoked on Venice.");
    }
}
