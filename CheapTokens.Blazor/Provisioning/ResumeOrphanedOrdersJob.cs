using CheapTokens.Blazor.Scaling;
using CheapTokens.Blazor.Scheduling;
using CheapTokens.Core.Orders;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// Hands unfinished orders whose node died (their lease ran out) to this node's worker. A cluster singleton: on
/// PostgreSQL it fires on one node per trigger. It takes each orphan's lease before queueing it, so it queues, and
/// logs, only the orders it really took over (none on a healthy cluster, where every queued order is held).
/// </summary>
[Quartz.DisallowConcurrentExecution]
public sealed class ResumeOrphanedOrdersJob(
    Orders.OrderStore orders, OrderLeases leases, ProvisioningQueue queue, NodeIdentity node, ILogger<ResumeOrphanedOrdersJob> logger)
    : CatchingJob(logger)
{
    protected override Task RunAsync(CancellationToken cancellationToken) => TakeOverAsync(cancellationToken);

    /// <returns>How many orders this node took over.</returns>
    public async Task<int> TakeOverAsync(CancellationToken cancellationToken)
    {
        if (!leases.Shared) return 0;
        var takenOver = 0;
        foreach (var orderId in await leases.ListOrphanedAsync(await orders.ListUnfinishedIdsAsync(cancellationToken), cancellationToken))
        {
            // Another node may have taken it since the list was read, or finished it and let its lease go.
            if (!await leases.TryTakeAsync(orderId, cancellationToken)) continue;
            if (await orders.FindAsync(orderId, cancellationToken) is not { Status: OrderStatus.Paid or OrderStatus.Provisioning or OrderStatus.Failed })
            {
                await leases.ReleaseAsync(orderId);
                continue;
            }
            queue.Enqueue(orderId);
            takenOver++;
        }
        if (takenOver > 0) logger.LogInformation("Node {Node} took over {Count} orders no live node held", node.Name, takenOver);
        return takenOver;
    }
}
