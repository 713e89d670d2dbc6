using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// The Idempotency-Key side of checkout: one request per key at a time in this process, the key's record, and the
/// answer to a repeat of a request already made (its saved answer, or the charge in doubt asked for again with the
/// same processor key).
/// </summary>
public sealed class IdempotentCheckout(IdempotencyRecords records, KeyedLocks locks, OrderStore orders, PaymentLedger ledger, CheckoutPayment payment)
{
    /// <summary>Serialises double submits inside this process; the database's unique keys cover other processes.</summary>
    public Task<IDisposable> LockAsync(string key, CancellationToken cancellationToken) => locks.AcquireAsync(key, cancellationToken);

    public Task<IdempotencyRecord?> FindAsync(string key, CancellationToken cancellationToken) => records.FindAsync(key, cancellationToken);

    /// <summary>The record saved with a new order, in its transaction.</summary>
    public IdempotencyRecord ForOrder(string key, string fingerprint, Order order) => records.ForOrder(key, fingerprint, order);

    /// <summary>A refusal that placed no order is the key's answer too: the same request gets it again. Null when another request took the key first.</summary>
    public async Task<PlaceOrderResult?> RefuseAsync(string key, string fingerprint, PlaceOrderResult refusal, CancellationToken cancellationToken) =>
        await records.SaveRefusalAsync(key, fingerprint, SavedAnswer.ForRefusal(refusal)!, cancellationToken) ? refusal : null;

    /// <summary>
    /// A known key with the same parameters: its saved answer, or, while its order's payment is still in doubt, the
    /// charge asked for again with the same processor key. Never a fresh check of the quote: the order exists.
    /// </summary>
    public async Task<PlaceOrderResult> ReplayAsync(IdempotencyRecord record, CheckoutCaller caller, CancellationToken cancellationToken)
    {
        var answer = records.AnswerOf(record);
        if (record.OrderId is not { } orderId)
            return answer?.ToResult(null, replayed: true) ?? throw new InvalidOperationException("An idempotency record with neither order nor answer.");

        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw new InvalidOperationException($"Idempotency record names missing order {orderId}.");
        if (answer is not null) return answer.ToResult(order, replayed: true);

        var token = records.TokenOf(record)!;
        var charge = await ledger.FindByOrderAsync(orderId, cancellationToken) ?? throw new InvalidOperationException($"Order {orderId} has no payment.");
        // Asked again with the same processor key: a decline heard now is heard for the first time.
        if (charge.State == PaymentState.Pending) return await payment.ChargeAsync(order, charge, token, caller);
        // Settled since, by someone that could not save an answer: answer from the state.
        var settled = await ledger.ChangeAsync(orderId, (_, _) => Task.CompletedTask, cancellationToken);
        return payment.AnswerOf(settled, token, replayed: true);
    }
}
