using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Scheduling;
using CheapTokens.Core.Orders;
using Quartz;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// Hands every run whose time has come (by the app's clock) to the provisioning queue. Fired by the exact triggers above,
/// and every minute as a safety net. Idempotent: the worker mints each run once.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MintDueRunsJob(OrderStore orders, IProvisioningQueue queue, TimeProvider clock, ILogger<MintDueRunsJob> logger)
    : CatchingJob(logger)
{
    protected override Task RunAsync(CancellationToken cancellationToken) => EnqueueDueRunsAsync(cancellationToken);

    /// <returns>How many orders were handed to the worker.</returns>
    public async Task<int> EnqueueDueRunsAsync(CancellationToken cancellationToken)
    {
        var due = (await orders.ListRunsDueAsync(clock.GetUtcNow(), cancellationToken)).Select(r => r.OrderId).Distinct().ToList();
        foreach (var orderId in due) queue.Enqueue(orderId);
        return due.Count;
    }
}
