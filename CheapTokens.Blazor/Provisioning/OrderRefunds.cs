using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Venice;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// Gives a paid order that cannot get its key its money back, and stops the keys a refunded pass already has.
/// </summary>
public sealed class OrderRefunds(PaymentSettlement settlement, VeniceAccountStates accounts, OrderUpdates updates, ILogger<OrderRefunds> logger)
{
    /// <returns>True when the refund is not done yet and must be tried again later (not when it was refused for good).</returns>
    public async Task<bool> RefundAsync(Order order, string reason, CancellationToken cancellationToken)
    {
        var outcome = await settlement.FailAndRefundAsync(order.Id, reason, cancellationToken);
        updates.Publish(order.Id);
        if (outcome.MintedKeyIds.Count > 0)
        {
            // A pass is refunded whole, so the keys of runs already issued stop too. If Venice cannot be
            // reached now, the key sweep revokes them later: it removes every key of a refunded order.
            using var calls = VeniceCallScope.ForOrder(order.Id);
            try
            {
                // The key's account is the one holding it; asking every account is safe, as an unknown key is "already gone".
                foreach (var account in accounts.All)
                {
                    var venice = accounts.Accounts.ClientFor(account.Name);
                    foreach (var keyId in outcome.MintedKeyIds) await venice.RevokeKeyAsync(keyId, cancellationToken);
                }
            }
            catch (VeniceException ex)
            {
                logger.LogWarning("Could not revoke the keys of refunded order {OrderId} yet ({Status})", order.Id, ex.StatusCode);
            }
        }
        return !outcome.Refunded && !outcome.NeedsAttention;
    }
}
