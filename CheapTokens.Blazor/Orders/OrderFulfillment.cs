using CheapTokens.Blazor.Supply;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;

namespace CheapTokens.Blazor.Orders;

/// <summary>What the provisioning worker needs to mint a key for one run of an order.</summary>
/// <param name="Resumed">The order was already provisioning (e.g. the worker restarted): look for a key with
/// <paramref name="KeyDescription"/> on Venice before minting another.</param>
public sealed record ProvisioningJob(Guid OrderId, Guid OrderKeyId, int Credits, DateTimeOffset ExpiresAt, string KeyDescription, bool Resumed);

/// <summary>Outcome of <see cref="OrderFulfillment.FailAndRefundAsync"/>.</summary>
/// <param name="Refunded">False when the refund was refused: the order stays Failed and the call should be repeated later.</param>
public sealed record RefundOutcome(bool Refunded, string? RefundId, string? Message);

/// <summary>
/// The provisioning worker's side of an order. Every call is a legal, persisted state transition, so a paid
/// order ends either with its key (Fulfilled) or with its money back (Refunded).
/// </summary>
public sealed class OrderFulfillment(OrderStore orders, IKeyVault keyVault, IPaymentGateway gateway, TimeProvider clock, ILogger<OrderFulfillment> logger)
{
    private static readonly OrderStatus[] Unfinished = [OrderStatus.Paid, OrderStatus.Provisioning, OrderStatus.Failed];

    /// <summary>Every key this store mints is described with this prefix, so sweeps and reconciliation touch only ours.</summary>
    public const string KeyDescriptionPrefix = "cheaptokens order ";

    /// <summary>Venice key description for an order: fits Venice's 64 characters and finds the key again after a restart.</summary>
    public static string KeyDescriptionFor(Guid orderId) => $"{KeyDescriptionPrefix}{orderId:N}";

    /// <summary>Paid, provisioning and failed-but-unrefunded orders, oldest first: the worker's to-do list after a restart.</summary>
    public Task<IReadOnlyList<Guid>> ListUnfinishedOrderIdsAsync(CancellationToken cancellationToken) =>
        orders.ListIdsInStatusAsync(Unfinished, cancellationToken);

    public Task<Order?> FindAsync(Guid orderId, CancellationToken cancellationToken) => orders.FindAsync(orderId, cancellationToken);

    /// <summary>Paid → Provisioning, returning the key to mint. Calling it again while provisioning resumes instead.</summary>
    public async Task<ProvisioningJob> MarkProvisioningAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var resumed = false;
        var order = await orders.ChangeAsync(orderId, o =>
        {
            resumed = o.Status == OrderStatus.Provisioning;
            if (!resumed) o.StartProvisioning(clock.GetUtcNow());
        }, cancellationToken);
        var run = order.Keys.First(k => k.Status == OrderKeyStatus.Scheduled);
        return new ProvisioningJob(order.Id, run.Id, run.Credits, run.ExpiresAt, KeyDescriptionFor(order.Id), resumed);
    }

    /// <summary>Stores the minted key encrypted; the order becomes Fulfilled once every run has its key.</summary>
    public async Task<Order> RecordKeyAsync(Guid orderId, string veniceKeyId, string apiKey, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var sealedKey = keyVault.Protect(apiKey);
        var order = await orders.ChangeAsync(orderId,
            o => o.RecordKey(veniceKeyId, sealedKey, ApiKeyHint.Of(apiKey), expiresAt, clock.GetUtcNow()),
            cancellationToken);
        logger.LogInformation("Order {OrderId} is {Status} with Venice key {VeniceKeyId}", order.Id, order.Status, veniceKeyId);
        return order;
    }

    /// <summary>
    /// Paid/Provisioning → Failed → Refunded: the refund goes through the gateway and the credits go back to
    /// the day's supply. Failed is saved before refunding, so a crash in between leaves a Failed order that
    /// <see cref="ListUnfinishedOrderIdsAsync"/> returns and a repeat call finishes. Already refunded → no-op.
    /// </summary>
    public async Task<RefundOutcome> FailAndRefundAsync(Guid orderId, string reason, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"No order {orderId}.");
        if (order.Status == OrderStatus.Refunded) return new RefundOutcome(true, order.RefundId, "Already refunded.");
        if (order.Status != OrderStatus.Failed)
        {
            order = await orders.ChangeAsync(orderId, o => o.Fail(reason, clock.GetUtcNow()), cancellationToken);
            logger.LogWarning("Order {OrderId} failed: {Reason}", orderId, reason);
        }

        var refund = await gateway.RefundAsync(order.ChargeId!, order.Total, order.FailureReason ?? reason, cancellationToken);
        if (!refund.Succeeded)
        {
            logger.LogError("Refund for order {OrderId} refused: {Message}", orderId, refund.Message);
            return new RefundOutcome(false, null, refund.Message);
        }

        await orders.ChangeAsync(orderId, async (o, db) =>
        {
            o.MarkRefunded(refund.RefundId!, clock.GetUtcNow());
            await SupplyLedger.ReleaseAsync(db, o.ReservedDates, o.Credits, cancellationToken);
        }, cancellationToken);
        return new RefundOutcome(true, refund.RefundId, null);
    }
}
