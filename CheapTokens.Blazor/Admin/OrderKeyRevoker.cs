using System.Globalization;
using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Venice;

namespace CheapTokens.Blazor.Admin;

/// <summary>
/// Revokes an order's live keys on Venice, each on the account holding it, and records it on the order: what a refund
/// of a fulfilled order and an operator's revoke both do first.
/// </summary>
public sealed class OrderKeyRevoker(VeniceAccountStates accounts, OrderStore orders, OrderUpdates updates, TimeProvider clock)
{
    public static List<OrderKey> LiveKeys(Order order) =>
        order.Keys.Where(k => k.Status == OrderKeyStatus.Minted && k.RevokedAt is null && k.VeniceKeyId is not null).ToList();

    /// <summary>Revokes the order's live keys on Venice and records it; the reason when Venice did not (nothing recorded then).</summary>
    public async Task<string?> RevokeLiveKeysAsync(Order order, CancellationToken cancellationToken)
    {
        var live = LiveKeys(order);
        if (live.Count == 0) return null;
        using (VeniceCallScope.ForOrder(order.Id))
        {
            foreach (var key in live)
            {
                try
                {
                    // Revoking a key Venice no longer has is not an error, so asking again after a failure is safe.
                    await accounts.Accounts.ClientFor(key.VeniceAccount).RevokeKeyAsync(key.VeniceKeyId!, cancellationToken);
                }
                catch (VeniceException ex)
                {
                    return $"Venice did not revoke key {key.VeniceKeyId} ({ex.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no answer"}); nothing was recorded, try again.";
                }
            }
        }
        await orders.ChangeAsync(order.Id, o => o.MarkKeysRevoked(live.Select(k => k.Id).ToList(), clock.GetUtcNow()), cancellationToken);
        foreach (var key in live) accounts.Get(key.VeniceAccount).KeyRevoked();
        updates.Publish(order.Id);
        return null;
    }
}
