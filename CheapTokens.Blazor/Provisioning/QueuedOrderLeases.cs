namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// With several nodes, holds the lease of every order in this node's provisioning line (as soon as it comes in, then
/// every quarter of the lease's duration), so an order merely waiting for a creation slot here is not taken for an
/// orphan by another node's scan. If this node dies the leases run out and the scan hands its orders on.
/// </summary>
public sealed class QueuedOrderLeases(ProvisioningQueue queue, OrderLeases leases, TimeProvider clock, ILogger<QueuedOrderLeases> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!leases.Shared) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var arrival = queue.NextArrival;
            try
            {
                await leases.HoldQueuedAsync(queue.Holding(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The next round tries again; a lease runs for several rounds.
                logger.LogWarning(e, "Could not renew the leases of this node's queued orders");
            }
            try
            {
                await Task.WhenAny(arrival, Task.Delay(OrderLeases.Duration / 4, clock, stoppingToken)).WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
