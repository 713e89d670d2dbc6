using System.Threading.Channels;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Provisioning;
using CheapTokens.Core.Venice;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>Where a paid order waits: its place in line (0 = next) and a rough wait.</summary>
public sealed record QueuePlace(int Position, TimeSpan EstimatedWait);

/// <summary>
/// Turns paid orders into Venice keys, one at a time and paced under Venice's creation limit.
/// The database is the durable queue: at start-up every unfinished order is picked up again, and an
/// order found mid-provisioning is reconciled against Venice (by key description) before minting, so
/// one paid order ends with exactly one live key, or with a refund.
/// </summary>
public sealed class ProvisioningWorker(
    OrderFulfillment fulfillment,
    IServiceScopeFactory scopes,
    OrderUpdates updates,
    MintSchedule mintSchedule,
    IOptions<ProvisioningOptions> options,
    IOptions<VeniceOptions> veniceOptions,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<ProvisioningWorker> logger) : BackgroundService, IProvisioningQueue
{
    private readonly Channel<Guid> _signals = Channel.CreateUnbounded<Guid>();
    private readonly List<Guid> _line = [];
    private readonly HashSet<Guid> _backingOff = [];
    private readonly Dictionary<Guid, int> _attempts = [];
    private readonly KeyCreationPacer _pacer = new(options.Value.KeyCreationsPerMinute);

    public void Enqueue(Guid orderId)
    {
        lock (_line)
        {
            // An order waiting out its retry delay is not let in early (e.g. by the due-runs safety net).
            if (_line.Contains(orderId) || _backingOff.Contains(orderId)) return;
            _line.Add(orderId);
        }
        _signals.Writer.TryWrite(orderId);
    }

    /// <summary>The order's place in line, or null when it is not waiting.</summary>
    public QueuePlace? PlaceOf(Guid orderId)
    {
        int position;
        lock (_line) position = _line.IndexOf(orderId);
        return position < 0 ? null : new QueuePlace(position, _pacer.EstimateWait(position, clock.GetUtcNow()));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start once the app listens: the simulated Venice is served by this very app.
        if (!await ApplicationStartedAsync(stoppingToken)) return;
        try
        {
            foreach (var orderId in await fulfillment.ListUnfinishedOrderIdsAsync(stoppingToken)) Enqueue(orderId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not list unfinished orders at start-up");
        }

        try
        {
            await foreach (var orderId in _signals.Reader.ReadAllAsync(stoppingToken))
            {
                var retry = false;
                try
                {
                    retry = await ProvisionAsync(orderId, stoppingToken);
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
                        retry = await CountFailedAttemptAsync(orderId, stoppingToken);
                    }
                    catch (Exception refundError) when (refundError is not OperationCanceledException)
                    {
                        logger.LogError(refundError, "Refunding order {OrderId} failed; it will be retried", orderId);
                        retry = true;
                    }
                }
                finally
                {
                    lock (_line) _line.Remove(orderId);
                }
                if (retry) _ = RetryLaterAsync(orderId, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <returns>True when the order should be tried again later.</returns>
    private async Task<bool> ProvisionAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var order = await fulfillment.FindAsync(orderId, cancellationToken);
        if (order is null) return false;
        if (order.Status == OrderStatus.Failed)
        {
            // Failed but not yet refunded (e.g. the refund was refused or the process stopped in between).
            return await RefundAsync(order, order.FailureReason ?? "Provisioning failed.", cancellationToken);
        }

        // A credits order has one run; a pass has one per run of consecutive dates, each due at its own time.
        while (true)
        {
            switch (await fulfillment.StartNextRunAsync(orderId, cancellationToken))
            {
                case NextRun.Due due:
                    updates.Publish(order.Token);
                    var outcome = await MintAsync(order, due.Job, cancellationToken);
                    if (outcome != MintOutcome.Minted) return outcome == MintOutcome.TryAgain;
                    break;
                case NextRun.NotYet notYet:
                    await mintSchedule.WakeAtAsync(notYet.OrderKeyId, notYet.MintAt, cancellationToken);
                    updates.Publish(order.Token);
                    return false;
                default:
                    return false;
            }
        }
    }

    private enum MintOutcome { Minted, TryAgain, GaveUp }

    private async Task<MintOutcome> MintAsync(Order order, ProvisioningJob job, CancellationToken cancellationToken)
    {
        if (job.ExpiresAt <= clock.GetUtcNow())
            return await GiveUpAsync(order, "The UTC day ended before the key could be issued.", cancellationToken);

        await using var scope = scopes.CreateAsyncScope();
        var venice = scope.ServiceProvider.GetRequiredService<IVeniceKeyClient>();
        try
        {
            // A key with this run's description may exist from an attempt that stopped before saving it.
            // Its secret is lost with that attempt, so revoke it and mint one fresh key.
            if (job.Resumed) await RevokeLeftoversAsync(venice, job.KeyDescription, cancellationToken);

            var wait = _pacer.WaitBeforeNext(clock.GetUtcNow());
            if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellationToken);
            _pacer.RecordCreation(clock.GetUtcNow());

            var key = await venice.CreateInferenceKeyAsync(
                new VeniceKeyRequest(job.KeyDescription, job.Credits, LimitUnit, job.ExpiresAt, job.LimitPeriod), cancellationToken);
            await fulfillment.RecordKeyAsync(order.Id, job.OrderKeyId, key.Id, key.ApiKey, key.ExpiresAt ?? job.ExpiresAt, cancellationToken);
            lock (_attempts) _attempts.Remove(order.Id);
            updates.Publish(order.Token);
            return MintOutcome.Minted;
        }
        catch (VeniceException ex) when (!ex.IsTransient)
        {
            logger.LogError("Venice refused a key for order {OrderId} ({Status})", order.Id, ex.StatusCode);
            return await GiveUpAsync(order, "Venice refused to issue the key.", cancellationToken);
        }
        catch (VeniceException ex)
        {
            logger.LogWarning("Venice is unavailable for order {OrderId} (status {Status})", order.Id, ex.StatusCode);
            return await CountFailedAttemptAsync(order.Id, cancellationToken) ? MintOutcome.TryAgain : MintOutcome.GaveUp;
        }
    }

    private VeniceLimitUnit LimitUnit => veniceOptions.Value.LimitUnit;

    private async Task<MintOutcome> GiveUpAsync(Order order, string reason, CancellationToken cancellationToken) =>
        await RefundAsync(order, reason, cancellationToken) ? MintOutcome.TryAgain : MintOutcome.GaveUp;

    /// <returns>True when the refund must be tried again later.</returns>
    private async Task<bool> RefundAsync(Order order, string reason, CancellationToken cancellationToken)
    {
        var outcome = await fulfillment.FailAndRefundAsync(order.Id, reason, cancellationToken);
        updates.Publish(order.Token);
        if (outcome.MintedKeyIds.Count > 0)
        {
            // A pass is refunded whole, so the keys of runs already issued stop too. If Venice cannot be
            // reached now, the key sweep revokes them later: it removes every key of a refunded order.
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var venice = scope.ServiceProvider.GetRequiredService<IVeniceKeyClient>();
                foreach (var keyId in outcome.MintedKeyIds) await venice.RevokeKeyAsync(keyId, cancellationToken);
            }
            catch (VeniceException ex)
            {
                logger.LogWarning("Could not revoke the keys of refunded order {OrderId} yet ({Status})", order.Id, ex.StatusCode);
            }
        }
        return !outcome.Refunded;
    }

    private async Task RevokeLeftoversAsync(IVeniceKeyClient venice, string description, CancellationToken cancellationToken)
    {
        foreach (var leftover in (await venice.ListKeysAsync(cancellationToken)).Where(k => k.Description == description))
        {
            logger.LogWarning("Revoking unrecorded Venice key {VeniceKeyId} left by an interrupted attempt", leftover.Id);
            await venice.RevokeKeyAsync(leftover.Id, cancellationToken);
        }
    }

    /// <summary>Another try later, or after the last allowed attempt a refund: a paid order never just stalls.</summary>
    private async Task<bool> CountFailedAttemptAsync(Guid orderId, CancellationToken cancellationToken)
    {
        int attempts;
        lock (_attempts) attempts = _attempts[orderId] = _attempts.GetValueOrDefault(orderId) + 1;
        if (attempts < options.Value.MaxAttempts) return true;
        lock (_attempts) _attempts.Remove(orderId);
        var order = await fulfillment.FindAsync(orderId, cancellationToken);
        if (order is null || order.Status is not (OrderStatus.Paid or OrderStatus.Provisioning or OrderStatus.Failed)) return false;
        return await RefundAsync(order, "Venice was unavailable, so no key could be issued.", cancellationToken);
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

    private async Task RetryLaterAsync(Guid orderId, CancellationToken cancellationToken)
    {
        lock (_line) _backingOff.Add(orderId);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.Value.RetryDelaySeconds), clock, cancellationToken);
            lock (_line) _backingOff.Remove(orderId);
            Enqueue(orderId);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the order is picked up from the database at the next start.
        }
    }
}
