using CheapTokens.Blazor.Scheduling;
using CheapTokens.Core.Payments;
using Microsoft.Extensions.Options;
using Quartz;

namespace CheapTokens.Blazor.Payments;

/// <summary>What one reconciliation pass looked at and did.</summary>
public sealed record ReconciliationReport(int Examined, int Settled, int Unchanged, int Errors);

/// <summary>
/// Compares the store's ledger with the processor's own view: every payment not in a final state and older than
/// Payments:ReconcileGraceSeconds is looked up at the processor (by charge id, else by order id) and settled: charged →
/// order paid → key; not charged or refused → order declined and its supply given back; refund pending → asked again
/// with the same refund key; a payment the buyer has left unfinished in the page past Payments:InPagePaymentMinutes is
/// cancelled at the processor first, so no late confirmation can take money for an order given up. Runs once when the app has started and every Payments:ReconcileIntervalSeconds; a webhook
/// that never came and a crash mid-charge both end here. Idempotent.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PaymentReconciliation(
    PaymentLedger ledger,
    PaymentSettlement settlement,
    IPaymentProcessor processor,
    IOptions<PaymentsOptions> options,
    TimeProvider clock,
    ILogger<PaymentReconciliation> logger) : CatchingJob(logger)
{
    protected override Task RunAsync(CancellationToken cancellationToken) => ReconcileAsync(cancellationToken);

    public async Task<ReconciliationReport> ReconcileAsync(CancellationToken cancellationToken)
    {
        var due = await ledger.ListUnsettledAsync(clock.GetUtcNow() - options.Value.ReconcileGrace, cancellationToken);
        int settled = 0, unchanged = 0, errors = 0;
        foreach (var payment in due)
        {
            try
            {
                var after = payment.State == PaymentState.RefundPending
                    ? await RetryRefundAsync(payment, cancellationToken)
                    : await SettleChargeAsync(payment, cancellationToken);
                if (after == payment.State) unchanged++;
                else settled++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One payment the processor cannot tell about must not stop the others; the next pass tries again.
                errors++;
                logger.LogWarning(ex, "Could not reconcile the payment of order {OrderId}", payment.OrderId);
            }
        }
        if (due.Count > 0)
            logger.LogInformation("Reconciled {Count} payments: {Settled} settled, {Unchanged} unchanged, {Errors} errors", due.Count, settled, unchanged, errors);
        return new ReconciliationReport(due.Count, settled, unchanged, errors);
    }

    private async Task<PaymentState> SettleChargeAsync(Payment payment, CancellationToken cancellationToken)
    {
        var abandoned = payment.State == PaymentState.AwaitingBuyer && payment.CreatedAt + options.Value.InPagePaymentWindow <= clock.GetUtcNow();
        var charge = payment.ChargeId is { } chargeId
            ? abandoned
                ? await processor.CancelChargeAsync(chargeId, cancellationToken)
                : await processor.GetChargeAsync(chargeId, cancellationToken)
            : await processor.FindChargeForOrderAsync(payment.OrderId, cancellationToken);
        return (await settlement.ApplyChargeAsync(payment.OrderId, charge, cancellationToken)).Payment.State;
    }

    private async Task<PaymentState> RetryRefundAsync(Payment payment, CancellationToken cancellationToken)
    {
        var outcome = await settlement.RefundAsync(payment.OrderId, payment.Message ?? "Refund", cancellationToken);
        return outcome.Refunded ? PaymentState.Refunded : outcome.NeedsAttention ? PaymentState.RefundRefused : PaymentState.RefundPending;
    }
}

/// <summary>Runs reconciliation once as soon as the app listens (a processor stand-in may be served by the app itself).</summary>
internal sealed class ReconcileAtStartup(IHostApplicationLifetime lifetime, ISchedulerFactory schedulers, ILogger<ReconcileAtStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = TriggerAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task TriggerAsync()
    {
        try
        {
            var scheduler = await schedulers.GetScheduler();
            await scheduler.TriggerJob(SchedulingServiceCollectionExtensions.JobKeyOf<PaymentReconciliation>());
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not start reconciliation at start-up; its schedule runs it later");
        }
    }
}
