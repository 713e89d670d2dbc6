using CheapTokens.Blazor.Data;
using CheapTokens.Core.Payments;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Payments.Webhooks;

/// <summary>
/// Applies the events the webhook recorded, oldest first, each once (also those a restart interrupted): both
/// payment-intent events settle the charge by the intent's state at Stripe, whatever the event said, so events
/// arriving late or out of order change nothing; <c>charge.refunded</c> records the refund. A failure is retried
/// after 1 s, 2 s, 4 s ... (at most 5 min). <see cref="IPaymentSettlement"/> is looked up per event.
/// </summary>
public sealed class StripeWebhookInbox(
    IDbContextFactory<StoreDbContext> dbFactory,
    IServiceScopeFactory scopes,
    StripeWebhookInboxSignal signal,
    TimeProvider clock,
    ILogger<StripeWebhookInbox> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private bool _warnedNoSettlement;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await ApplyDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not read the Stripe webhook inbox; trying again shortly");
                wait = TimeSpan.FromSeconds(5);
            }
            if (wait == TimeSpan.Zero) continue; // more is due already
            try
            {
                await signal.WaitAsync(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Applies every due event; returns how long until the next retry is due.</summary>
    public async Task<TimeSpan> ApplyDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var settlement = scope.ServiceProvider.GetService<IPaymentSettlement>();
        if (settlement is null)
        {
            if (!_warnedNoSettlement) logger.LogWarning("Stripe events are recorded but not applied: no IPaymentSettlement is registered");
            _warnedNoSettlement = true;
            return Timeout.InfiniteTimeSpan;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var due = await db.ReceivedStripeEvents.Where(e => e.ProcessedAt == null && e.NextAttemptAt <= now).ToListAsync(cancellationToken);
        foreach (var received in due.OrderBy(e => e.ReceivedAt).ThenBy(e => e.Id, StringComparer.Ordinal))
        {
            try
            {
                if (received.Type == global::Stripe.EventTypes.ChargeRefunded) await settlement.SettleRefundAsync(received.PaymentIntentId, cancellationToken);
                else await settlement.SettleChargeAsync(received.PaymentIntentId, cancellationToken);
                // Each card declined in the page counts once toward the declined-payment limits (events are applied once).
                if (received.Type == global::Stripe.EventTypes.PaymentIntentPaymentFailed && scope.ServiceProvider.GetService<IInPageDeclines>() is { } declines)
                    await declines.RecordAsync(received.PaymentIntentId, cancellationToken);
                received.ProcessedAt = clock.GetUtcNow();
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                received.Attempts++;
                var backoff = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(received.Attempts - 1, 16)));
                received.NextAttemptAt = clock.GetUtcNow() + (backoff < MaxBackoff ? backoff : MaxBackoff);
                logger.LogWarning(e, "Applying Stripe event {EventId} ({EventType}) failed (attempt {Attempts}); will retry",
                    received.Id, received.Type, received.Attempts);
            }
            await db.SaveChangesAsync(cancellationToken);
        }

        var next = await db.ReceivedStripeEvents.Where(e => e.ProcessedAt == null)
            .OrderBy(e => e.NextAttemptAt).Select(e => (DateTimeOffset?)e.NextAttemptAt).FirstOrDefaultAsync(cancellationToken);
        if (next is null) return Timeout.InfiniteTimeSpan;
        var until = next.Value - clock.GetUtcNow();
        return until > TimeSpan.Zero ? until : TimeSpan.Zero;
    }
}
