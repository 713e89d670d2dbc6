using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;

namespace CheapTokens.Blazor.Payments;

/// <summary>
/// Applies what the processor says to the store's ledger and the order, whoever heard it: the checkout request, a
/// webhook, reconciliation. Every step checks the state it finds, so hearing the same thing twice changes nothing.
/// Invariant: a succeeded charge ends with its order's key, or with a refund recorded in the ledger.
/// </summary>
public sealed class PaymentSettlement(
    PaymentLedger ledger,
    IPaymentProcessor processor,
    IdempotencyRecords idempotency,
    IProvisioningQueue provisioning,
    OrderStore orders,
    IReceiptSender receipts,
    TimeProvider clock,
    ILogger<PaymentSettlement> logger,
    StoreMetrics? metrics = null) : IPaymentSettlement
{
    public const string NeverReachedProcessor = "The charge never reached the payment processor; nothing was charged.";

    /// <summary>
    /// Settles the order's payment by the processor's <paramref name="charge"/>; null means the processor has no charge
    /// for the order (it never got the request), so nothing was taken. Unknown answers (processing, unreachable)
    /// leave it pending for a retry or reconciliation.
    /// </summary>
    public async Task<PaymentChange> ApplyChargeAsync(Guid orderId, ProcessorCharge? charge, CancellationToken cancellationToken)
    {
        using var span = StoreTracing.StartForOrder("payment settle", orderId);
        var settled = await ledger.ChangeAsync(orderId, async (c, token) =>
        {
            c.Effect = PaymentEffect.None;
            var now = clock.GetUtcNow();
            var (order, payment) = (c.Order, c.Payment);
            var open = payment.State is PaymentState.Pending or PaymentState.AwaitingBuyer;
            switch (charge?.State)
            {
                case null when payment.State == PaymentState.Pending:
                    await DeclineAsync(c, PaymentFailureCode.ProcessorError.ToCode(), NeverReachedProcessor, now, token);
                    break;
                case ChargeState.Succeeded when open:
                    payment.Succeed(charge.ChargeId!, now);
                    order.MarkPaid(charge.ChargeId!, now);
                    await c.EndHoldAsync(token);
                    Answer(c, SavedAnswer.Placed(TokenOf(c), order.Status));
                    c.Effect = PaymentEffect.Paid;
                    break;
                case ChargeState.Succeeded when payment.State == PaymentState.Failed:
                    // Taken after the store had closed the order unpaid (e.g. reconciliation gave up on a slow call).
                    payment.RequestRefund(charge.ChargeId!, "Charged after the order had been closed without payment.", now);
                    c.Effect = PaymentEffect.RefundDue;
                    break;
                case ChargeState.Failed when open && charge.StillPayable && order.PaysInPage:
                    // A card declined in the page: the buyer may type another into the same intent. Reconciliation
                    // cancels it once Payments:InPagePaymentMinutes are over.
                    if (payment.State == PaymentState.Pending)
                    {
                        payment.AwaitBuyer(charge.ChargeId!, now);
                        Answer(c, SavedAnswer.Placed(TokenOf(c), order.Status, charge.ClientSecret));
                    }
                    break;
                case ChargeState.Failed when open:
                    await DeclineAsync(c, (charge.FailureCode ?? PaymentFailureCode.Declined).ToCode(), charge.Message, now, token);
                    break;
                case ChargeState.AwaitingBuyer when payment.State == PaymentState.Pending:
                    payment.AwaitBuyer(charge.ChargeId!, now);
                    Answer(c, SavedAnswer.Placed(TokenOf(c), order.Status, charge.ClientSecret));
                    break;
                case ChargeState.Processing or ChargeState.Unreachable when payment.State == PaymentState.Pending && charge.ChargeId is { } chargeId:
                    payment.RecordChargeId(chargeId, now);
                    break;
            }
        }, cancellationToken);

        switch (settled.Effect)
        {
            case PaymentEffect.Declined:
                metrics?.PaymentDeclined(settled.Payment.FailureCode);
                break;
            case PaymentEffect.Paid:
                metrics?.OrderPaid(settled.Order);
                logger.LogInformation("Order {OrderId} paid: {Product} of {Credits} credits for {Total}",
                    orderId, settled.Order.Product, settled.Order.Credits, settled.Order.Total);
                provisioning.Enqueue(orderId);
                await SendReceiptAsync(settled);
                break;
            case PaymentEffect.RefundDue:
                logger.LogWarning("Order {OrderId} was charged after it was closed unpaid; refunding", orderId);
                await RefundAsync(orderId, settled.Payment.Message ?? "Charged after the order was closed.", cancellationToken);
                break;
        }
        return settled;
    }

    /// <summary>
    /// Paid/Provisioning → Failed → Refunded, through the payment ledger: Failed and the pending refund (with its key) are
    /// saved before the processor is called, so a crash in between leaves a Failed order that
    /// <see cref="OrderStore.ListUnfinishedIdsAsync"/> returns and reconciliation retries with the same key; the credits
    /// go back to the day's supply with the refund. A pass is refunded whole (its total, even if some runs were already
    /// minted: their Venice ids come back in <see cref="RefundOutcome.MintedKeyIds"/> to revoke). Already refunded → no-op.
    /// </summary>
    public async Task<RefundOutcome> FailAndRefundAsync(Guid orderId, string reason, CancellationToken cancellationToken)
    {
        var outcome = await RefundAsync(orderId, reason, cancellationToken);
        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"No order {orderId}.");
        if (!outcome.Refunded && !outcome.NeedsAttention) logger.LogWarning("Refund for order {OrderId} not done yet: {Message}", orderId, outcome.Message);
        return outcome with { MintedKeyIds = MintedKeyIds(order) };
    }

    private static IReadOnlyList<string> MintedKeyIds(Order order) =>
        order.Runs.Where(k => k.Status == OrderKeyStatus.Minted && k.VeniceKeyId is not null).Select(k => k.VeniceKeyId!).ToList();

    /// <summary>
    /// Gives a paid order's money back: the order fails and the refund is saved as pending (with its key) before the
    /// processor is called; then the answer is recorded. A refused refund stops there and flags the order for a person.
    /// </summary>
    public async Task<RefundOutcome> RefundAsync(Guid orderId, string reason, CancellationToken cancellationToken)
    {
        var asked = await ledger.ChangeAsync(orderId, (c, _) =>
        {
            var now = clock.GetUtcNow();
            if (c.Order.Status is OrderStatus.Paid or OrderStatus.Provisioning) c.Order.Fail(reason, now);
            if (c.Payment.State == PaymentState.Succeeded)
            {
                // A key or a refund, never both: an order that failed, or a fulfilled one whose keys an operator revoked.
                if (c.Order.Status != OrderStatus.Failed && !(c.Order.Status == OrderStatus.Fulfilled && c.Order.KeysAllRevoked))
                    throw new InvalidOperationException($"Order {orderId} is {c.Order.Status}; only a failed order, or a fulfilled one with its keys revoked, is refunded.");
                c.Payment.RequestRefund(c.Payment.ChargeId!, reason, now);
            }
            return Task.CompletedTask;
        }, cancellationToken);

        var payment = asked.Payment;
        switch (payment.State)
        {
            case PaymentState.Refunded:
                return new RefundOutcome(true, payment.RefundId, "Already refunded.");
            case PaymentState.RefundRefused:
                return new RefundOutcome(false, null, payment.Message) { NeedsAttention = true };
            case not PaymentState.RefundPending:
                throw new InvalidOperationException($"Order {orderId} has no charge to refund (payment is {payment.State}).");
        }

        ProcessorRefund refund;
        try
        {
            refund = await processor.RefundAsync(new RefundRequest(payment.ChargeId!, payment.Amount, payment.RefundIdempotencyKey!, reason), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Refund for order {OrderId} got no answer; it is asked again with the same key", orderId);
            refund = new ProcessorRefund(RefundState.Unreachable, null, null);
        }

        var recorded = await ledger.ChangeAsync(orderId, async (c, token) =>
        {
            var now = clock.GetUtcNow();
            if (c.Payment.State != PaymentState.RefundPending) return;
            switch (refund.State)
            {
                case RefundState.Succeeded:
                    c.Payment.MarkRefunded(refund.RefundId!, now);
                    c.Effect = PaymentEffect.Refunded;
                    if (c.Order.Status is OrderStatus.Failed or OrderStatus.Fulfilled)
                    {
                        c.Order.MarkRefunded(refund.RefundId!, now);
                        await c.ReleaseSupplyAsync(token);
                    }
                    break;
                case RefundState.Failed:
                    c.Payment.RefuseRefund(refund.Message, now);
                    c.Order.FlagForAttention($"The refund was refused: {refund.Message}", now);
                    break;
                default:
                    c.Payment.CountRefundAttempt(now);
                    break;
            }
        }, cancellationToken);

        if (recorded.Effect == PaymentEffect.Refunded) metrics?.OrderRefunded(recorded.Order, recorded.Payment.Amount);
        return recorded.Payment.State switch
        {
            PaymentState.Refunded => new RefundOutcome(true, recorded.Payment.RefundId, null),
            PaymentState.RefundRefused => LogRefused(orderId, recorded.Payment.Message),
            _ => new RefundOutcome(false, null, refund.Message),
        };
    }

    public async Task SettleChargeAsync(string chargeId, CancellationToken cancellationToken)
    {
        var payment = await ledger.FindByChargeIdAsync(chargeId, cancellationToken);
        if (payment is null)
        {
            // The store has not saved this charge id yet (or the charge is not ours): reconciliation finds it by order.
            logger.LogInformation("No payment in the ledger has charge {ChargeId} yet; reconciliation will settle it", chargeId);
            return;
        }
        await ApplyChargeAsync(payment.OrderId, await processor.GetChargeAsync(chargeId, cancellationToken), cancellationToken);
    }

    public async Task SettleRefundAsync(string chargeId, CancellationToken cancellationToken)
    {
        var payment = await ledger.FindByChargeIdAsync(chargeId, cancellationToken);
        if (payment is null || payment.State is PaymentState.Refunded or PaymentState.RefundRefused) return;
        if (payment.State == PaymentState.RefundPending)
        {
            // Ask again with the same key: the processor answers with the refund it already made.
            await RefundAsync(payment.OrderId, payment.Message ?? "Refund", cancellationToken);
            return;
        }
        // Refunded at the processor without the store asking: a key may be out already, so a person decides.
        logger.LogWarning("Charge {ChargeId} of order {OrderId} was refunded outside the store; flagged for attention", chargeId, payment.OrderId);
        await ledger.ChangeAsync(payment.OrderId, (c, _) =>
        {
            c.Order.FlagForAttention("The charge was refunded at the processor, outside the store.", clock.GetUtcNow());
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Nothing was taken: the order is declined, its credits and its quote go back, and the answer is saved.</summary>
    private async Task DeclineAsync(PaymentChange c, string code, string? message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        c.Payment.Fail(code, message, now);
        c.Effect = PaymentEffect.Declined;
        if (c.Order.Status == OrderStatus.Created) c.Order.Decline(code, message, now);
        await c.ReleaseSupplyAsync(cancellationToken);
        await c.FreeQuoteAsync(cancellationToken);
        Answer(c, SavedAnswer.Declined(TokenOf(c), code, message));
    }

    private RefundOutcome LogRefused(Guid orderId, string? message)
    {
        logger.LogError("Refund for order {OrderId} refused for good: {Message}; the order needs a person", orderId, message);
        return new RefundOutcome(false, null, message) { NeedsAttention = true };
    }

    private void Answer(PaymentChange c, SavedAnswer answer)
    {
        if (c.Record is not null) idempotency.Complete(c.Record, answer);
    }

    private string TokenOf(PaymentChange c) => idempotency.TokenOf(c.Record) ?? "";

    private async Task SendReceiptAsync(PaymentChange paid)
    {
        if (idempotency.TokenOf(paid.Record) is not { } token) return;
        // An agent paying over x402 may give no address: its answer carries the order.
        if (string.IsNullOrEmpty(paid.Order.Email)) return;
        try
        {
            var order = paid.Order;
            await receipts.SendAsync(new OrderReceipt(order.Email, $"/orders/{token}", order.Credits, order.Total), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The order stands without its receipt: the page shows the same link.
            logger.LogWarning(ex, "Could not send the receipt for order {OrderId}", paid.Order.Id);
        }
    }
}
