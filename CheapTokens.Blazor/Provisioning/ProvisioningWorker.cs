using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Telemetry;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// Turns paid orders into Venice keys, up to Provisioning:WorkerConcurrency orders at a time from the <see cref="ProvisioningQueue"/>. The database
/// is the durable queue: at start-up every unfinished order is picked up again, and an order found
/// mid-provisioning is reconciled against Venice (by key description) before minting, so one paid order ends
/// with exactly one live key per run, or with a refund. With several nodes, an order is worked on under its lease
/// (<see cref="OrderLeases"/>), so one node at a time mints for it.
/// </summary>
public sealed class ProvisioningWorker(
    ProvisioningQueue queue,
    OrderProvisioner provisioner,
    OrderStore orders,
    OrderLeases leases,
    IHostApplicationLifetime lifetime,
    IOptions<ProvisioningOptions> options,
    TimeProvider clock,
    ILogger<ProvisioningWorker> logger,
    StoreMetrics? metrics = null) : BackgroundService
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

        // Several orders at once: a pool hand-out takes milliseconds and must not wait behind an order whose key is
        // being minted under Venice's pacing. Each order is in the line once, so no order is worked on twice at a time.
        using var slots = new SemaphoreSlim(Math.Max(1, options.Value.WorkerConcurrency));
        var running = new HashSet<Task>();
        try
        {
            await foreach (var orderId in queue.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                var work = Task.Run(async () =>
                {
                    try
                    {
                        await ProvisionOneAsync(orderId, stoppingToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None);
                lock (running) running.Add(work);
                _ = work.ContinueWith(done => { lock (running) running.Remove(done); }, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        Task[] left;
        lock (running) left = running.ToArray();
        await Task.WhenAll(left);
    }

    private async Task ProvisionOneAsync(Guid orderId, CancellationToken stoppingToken)
    {
        var retry = false;
        var waited = queue.TimeInLine(orderId);
        var picked = clock.GetTimestamp();
        using var span = StoreTracing.StartHandedOff("provision order", orderId, queue.TracedFrom(orderId));
        metrics?.LeftProvisioningLine(waited);
        try
        {
            // With several nodes, another live node may be working on this order: then it is theirs.
            if (!await leases.TryTakeAsync(orderId, stoppingToken))
            {
                queue.Leave(orderId);
                return;
            }
            retry = await leases.HoldWhileAsync(orderId, () => provisioner.ProvisionAsync(orderId, stoppingToken), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-order: it stays Provisioning and is resumed at the next start.
            queue.Leave(orderId);
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
            catch (OperationCanceledException)
            {
                queue.Leave(orderId);
                return;
            }
        }
        queue.Leave(orderId);
        logger.LogInformation("Order {OrderId} waited {QueuedMs:0.0} ms in the provisioning line and was worked on for {WorkMs:0.0} ms",
            orderId, waited.TotalMilliseconds, clock.GetElapsedTime(picked).TotalMilliseconds);
        if (retry) _ = queue.RetryLaterAsync(orderId, stoppingToken);
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
