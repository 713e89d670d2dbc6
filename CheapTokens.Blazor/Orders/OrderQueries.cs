using CheapTokens.Core.Orders;

namespace CheapTokens.Blazor.Orders;

/// <summary>
/// The read side of orders, as buyers see them: one order by its unguessable token (with its keys), a list of
/// orders by token (keys shown by their last characters only), and where a paid order waits for its key.
/// </summary>
public sealed class OrderQueries(OrderStore orders, IKeyVault keyVault, IProvisioningQueue provisioning, TimeProvider clock)
{
    /// <summary>Most orders one list request may look up.</summary>
    public const int MaxListedOrders = 100;

    /// <summary>The order behind an unguessable token, with its API key once minted; null when unknown.</summary>
    public async Task<OrderDetails?> GetByTokenAsync(string? token, CancellationToken cancellationToken)
    {
        if (!OrderToken.IsWellFormed(token)) return null;
        var order = await orders.FindByTokenAsync(token!, cancellationToken);
        if (order is null) return null;
        var now = clock.GetUtcNow();
        var key = OrderSummary.CurrentKey(order, now);
        var runs = order.Runs.Select(r => new OrderRunDetails(
            r.Id, r.RunNumber, r.DateFrom, r.DateTo, r.Credits, r.Status, r.MintAt, r.ExpiresAt,
            r.Status == OrderKeyStatus.Minted ? Unprotect(r) : null, r.VeniceKeyId, r.ApiKeyHint) { VeniceAccount = r.VeniceAccount, RevokedAt = r.RevokedAt }).ToList();
        var apiKey = key is null ? null : runs.First(r => r.OrderKeyId == key.Id).ApiKey;
        return new OrderDetails(OrderSummary.Of(order, now, token), apiKey, key?.VeniceKeyId, order.FailureReason) { Runs = runs, ReadAt = now };
    }

    /// <summary>The buyer's orders (e.g. tokens kept in the browser), newest first; keys shown by their last characters only.</summary>
    public async Task<IReadOnlyList<OrderSummary>> ListAsync(IEnumerable<string> tokens, CancellationToken cancellationToken)
    {
        var wanted = tokens.Where(OrderToken.IsWellFormed).Distinct().Take(MaxListedOrders).ToList();
        if (wanted.Count == 0) return [];
        return (await orders.ListByTokensAsync(wanted, cancellationToken)).Select(found => OrderSummary.Of(found.Order, null, found.Token)).ToList();
    }

    /// <summary>Where a paid order waits for its key (when Venice is pacing us), or null when it is not waiting.</summary>
    public QueuePlace? QueuePlaceOf(Guid orderId) => provisioning.PlaceOf(orderId);

    private string? Unprotect(OrderKey run) => run.ProtectedApiKey is { } sealedKey ? keyVault.Unprotect(sealedKey) : null;
}
