using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Venice;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// Takes one paid order as far as it can go now: mints every run that is due, schedules a wake-up for a later
/// run, and after a permanent failure or Provisioning:MaxAttempts passing ones, refunds it. A paid order never
/// just stalls: it ends with its keys or its money back.
/// </summary>
public sealed class OrderProvisioner(
    OrderStore orders,
    OrderFulfillment fulfillment,
    KeyIssuer keys,
    OrderRefunds refunds,
    MintSchedule mintSchedule,
    OrderUpdates updates,
    IOptions<ProvisioningOptions> options,
    TimeProvider clock,
    ILogger<OrderProvisioner> logger)
{
    private readonly Dictionary<Guid, int> _attempts = [];

    /// <returns>True when the order should be tried again later.</returns>
    public async Task<bool> ProvisionAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(orderId, cancellationToken);
        if (order is null) return false;
        if (order.Status == OrderStatus.Failed)
        {
            // Failed but not yet refunded (e.g. the refund was refused or the process stopped in between).
            return await refunds.RefundAsync(order, order.FailureReason ?? "Provisioning failed.", cancellationToken);
        }

        // A credits order has one run; a pass has one per run of consecutive dates, each due at its own time.
        while (true)
        {
            switch (await fulfillment.StartNextRunAsync(orderId, cancellationToken))
            {
                case NextRun.Due due:
                    updates.Publish(order.Id);
                    var outcome = await MintAsync(order, due.Job, cancellationToken);
                    if (outcome != MintOutcome.Minted) return outcome == MintOutcome.TryAgain;
                    break;
                case NextRun.NotYet notYet:
                    await mintSchedule.WakeAtAsync(notYet.OrderKeyId, notYet.MintAt, cancellationToken);
                    updates.Publish(order.Id);
                    return false;
                default:
                    return false;
            }
        }
    }

    /// <summary>Another try later, or after the last allowed attempt a refund.</summary>
    /// <returns>True when the order should be tried again later.</returns>
    public async Task<bool> CountFailedAttemptAsync(Guid orderId, CancellationToken cancellationToken)
    {
        int attempts;
        lock (_attempts) attempts = _attempts[orderId] = _attempts.GetValueOrDefault(orderId) + 1;
        if (attempts < options.Value.MaxAttempts) return true;
        lock (_attempts) _attempts.Remove(orderId);
        var order = await orders.FindAsync(orderId, cancellationToken);
        if (order is null || order.Status is not (OrderStatus.Paid or OrderStatus.Provisioning or OrderStatus.Failed)) return false;
        return await refunds.RefundAsync(order, "Venice was unavailable, so no key could be issued.", cancellationToken);
    }

    private enum MintOutcome { Minted, TryAgain, GaveUp }

    private async Task<MintOutcome> MintAsync(Order order, ProvisioningJob job, CancellationToken cancellationToken)
    {
        if (job.ExpiresAt <= clock.GetUtcNow())
            return await GiveUpAsync(order, "The UTC day ended before the key could be issued.", cancellationToken);
        try
        {
            await keys.IssueAsync(job, cancellationToken);
            lock (_attempts) _attempts.Remove(order.Id);
            updates.Publish(order.Id);
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

    private async Task<MintOutcome> GiveUpAsync(Order order, string reason, CancellationToken cancellationToken) =>
        await refunds.RefundAsync(order, reason, cancellationToken) ? MintOutcome.TryAgain : MintOutcome.GaveUp;
}
