using CheapTokens.Blazor.Orders;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// Turns paid orders into Venice keys, one order at a time from the <see cref="ProvisioningQueue"/>. The database
/// is the durable queue: at start-up every unfinished order is picked up again, and an order found
/// mid-provisioning is reconciled against Venice (by key description) before minting, so one paid order ends
/// with exactly one live key per run, or with a refund.
/// </summary>
public sealed class ProvisioningWorker(
    ProvisioningQueue queue,
    OrderProvisioner provisioner,
    OrderStore orders,
    IHostApplicationLifetime lifetime,
    ILogger<ProvisioningWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start once the app listens: the simulated Venice is served by this very app.
        if (!await ApplicationStartedAsync(stoppingToken)) return;
        try
        {
            foreach (var orderId in await orders.ListUnfinishedIdsAsync(stoppingToken)) queue.Enqueue(orderId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not list unfinished orders at start-up");
        }

        try
        {
            await foreach (var orderId in queue.ReadAllAsync(stoppingToken))
            {
                var retry = false;
                try
                {
                    retry = await provisioner.ProvisionAsync(orderId, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    // Shutting down mid-order: it stays Provisioning and is resumed at the next start.
                    return;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Provisioning order {OrderId} failed unexpectedly", orderId);
                    try
                    {
                        retry = await provisioner.CountFailedAttemptAsync(orderId, stoppingToken);
                    }
                    catch (Exception refundError) when (refundError is not OperationCanceledException)
                    {
                        logger.LogError(refundError, "Refunding order {OrderId} failed; it will be retried", orderId);
                        retry = true;
                    }
                }
                finally
                {
                    queue.Leave(orderId);
                }
                if (retry) _ = queue.RetryLaterAsync(orderId, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> ApplicationStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
