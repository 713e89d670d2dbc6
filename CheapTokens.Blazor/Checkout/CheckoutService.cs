using System.Net;
using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Security;
using CheapTokens.Blazor.Supply;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Supply;
using CheapTokens.Core.Time;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// Places an order on a quote, idempotently as Stripe does: the Idempotency-Key is saved with a fingerprint of the
/// parameters in the same transaction as the order, its payment (Pending, before the processor is called), its supply
/// reservation and the quote it uses up. The same key with the same parameters gets the saved answer (or resumes the
/// payment in doubt, with the same processor key); with other parameters it is refused and nothing changes.
/// </summary>
public sealed class CheckoutService(
    QuoteService quotes,
    OrderStore orders,
    PaymentLedger ledger,
    OrderPayment payment,
    IdempotencyRecords idempotency,
    ISupplyLedger supply,
    IPaymentProcessor processor,
    KeyedLocks idempotencyLocks,
    KeyCapacityService keyCapacity,
    SalesGate sales,
    ClientRequestLimits requestLimits,
    FailedPaymentLimits failedPayments,
    UnpaidHolds holds,
    TimeProvider clock,
    StoreMetrics? metrics = null)
{
    /// <summary>The header a buyer sends the idempotency key in; errors about the key are reported under its name.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// An order from a caller inside the store, with no client behind it (operator tools, start-up checks): held to
    /// the store's supply and hold bounds, not to any client address's request or declined-payment limits.
    /// </summary>
    public Task<PlaceOrderResult> PlaceOrderAsync(Guid? quoteId, string? email, string? paymentMethod, string? idempotencyKey, CancellationToken cancellationToken) =>
        PlaceAsync(quoteId, email, paymentMethod, idempotencyKey, new Caller(null, Limited: false), cancellationToken);

    /// <summary>
    /// An order from a buyer at <paramref name="clientAddress"/> (the HTTP API, the page). A new order counts toward the
    /// address's orders per minute and is refused while the address or the quote has too many declined payments; a
    /// repeat of a request already answered (same Idempotency-Key, same parameters) gets its answer and counts for nothing.
    /// </summary>
    public Task<PlaceOrderResult> PlaceOrderForClientAsync(Guid? quoteId, string? email, string? paymentMethod, string? idempotencyKey, IPAddress? clientAddress, CancellationToken cancellationToken) =>
        PlaceAsync(quoteId, email, paymentMethod, idempotencyKey, new Caller(clientAddress, Limited: true), cancellationToken);

    private sealed record Caller(IPAddress? Address, bool Limited);

    private async Task<PlaceOrderResult> PlaceAsync(Guid? quoteId, string? email, string? paymentMethod, string? idempotencyKey, Caller caller, CancellationToken cancellationToken)
    {
        using var span = StoreTracing.Source.StartActivity("place order");
        var errors = new FieldErrors()
            .Add("quoteId", quoteId is null || quoteId == Guid.Empty ? "Quote id is required." : null)
            .Add("email", OrderInputRules.CheckEmail(email))
            .Add("paymentMethod", PaysInPage(paymentMethod) ? null : OrderInputRules.CheckPaymentMethod(paymentMethod, processor.AcceptsMethod))
            .Add(IdempotencyKeyHeader, OrderInputRules.CheckIdempotencyKey(idempotencyKey));
        if (errors.Count > 0) return new PlaceOrderResult.Invalid(errors);

        var key = idempotencyKey!;
        var method = PaysInPage(paymentMethod) ? Order.InPagePayment : paymentMethod!;
        var fingerprint = IdempotencyRecords.Fingerprint(quoteId!.Value, email!, method);
        // Serialises double submits inside this process; the database's unique keys cover other processes.
        using var held = await idempotencyLocks.AcquireAsync(key, cancellationToken);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await idempotency.FindAsync(key, cancellationToken) is { } record)
            {
                if (record.Fingerprint != fingerprint) return new PlaceOrderResult.IdempotencyKeyReused();
                return await ReplayAsync(record, caller, cancellationToken) with { Repeated = true };
            }
            if (caller.Limited && await RefusalForClientAsync(quoteId.Value, caller.Address, cancellationToken) is { } refused) return refused;
            if (await PlaceNewAsync(quoteId.Value, email!.Trim(), method, key, fingerprint, caller, cancellationToken) is { } result) return result;
            // Another process took the key between our look and our write: answer as it did.
        }
        // The key belongs to an order whose record was pruned (keys are kept 24 h): it cannot place another.
        return new PlaceOrderResult.IdempotencyKeyReused();
    }

    /// <summary>No method: the buyer pays in the page (Stripe's Payment Element), where the processor allows it.</summary>
    private bool PaysInPage(string? paymentMethod) => string.IsNullOrWhiteSpace(paymentMethod) && processor.TakesPaymentInPage;

    /// <summary>A new order from a client: counted toward its address's orders per minute, unless declines already stop it.</summary>
    private async Task<PlaceOrderResult?> RefusalForClientAsync(Guid quoteId, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        // Card testing: after too many declines on this quote or from this address, no more tries for a while.
        if (await failedPayments.RetryAfterAsync(clientAddress, quoteId, cancellationToken) is { } declined) return new PlaceOrderResult.TooManyFailedPayments(declined);
        return requestLimits.TryAcquire(BuyingRequest.Order, clientAddress) is { } wait ? new PlaceOrderResult.TooManyRequests(wait) : null;
    }

    /// <summary>Charges, and counts a decline toward the client's limits the first time it is heard.</summary>
    private async Task<PlaceOrderResult> ChargeAsync(Order order, Payment charge, string token, Caller caller)
    {
        var result = await payment.ChargeAsync(order, charge, token);
        if (caller.Limited && result is PlaceOrderResult.PaymentDeclined)
            await failedPayments.RecordFailureAsync(caller.Address, order.QuoteId, CancellationToken.None);
        return result;
    }

    /// <returns>Null when another request took the key first.</returns>
    private async Task<PlaceOrderResult?> PlaceNewAsync(Guid quoteId, string email, string paymentMethod, string key, string fingerprint, Caller caller, CancellationToken cancellationToken)
    {
        // Only new orders stop: a repeat of one already placed still gets its answer.
        if ((await sales.CurrentAsync(cancellationToken)).Reason is { } paused) return new PlaceOrderResult.SalesPaused(paused);
        var quote = await quotes.FindAsync(quoteId, cancellationToken);
        if (quote is null) return new PlaceOrderResult.Invalid(new FieldErrors().Add("quoteId", "No such quote."));
        var now = clock.GetUtcNow();
        if (quote.IsExpiredAt(now)) return await RefuseAsync(key, fingerprint, new PlaceOrderResult.QuoteExpired(quote.ExpiresAt), cancellationToken);
        if (quote.UsedByOrderId is not null) return await RefuseAsync(key, fingerprint, new PlaceOrderResult.QuoteUsed(), cancellationToken);

        // Held while the order is placed and paid, so racing buyers never take more keys than can be issued today. A
        // refusal for capacity is not the key's answer: capacity comes back (a pool refill, a new day).
        using var keyHold = await keyCapacity.HoldAsync(quote, cancellationToken);
        if (keyHold is null) return new PlaceOrderResult.KeyCapacity(UtcDay.NextMidnight(now));

        var order = Order.Create(quote, email, paymentMethod, key, now);
        var charge = Payment.Start(order.Id, order.Total, paymentMethod, now);
        switch (await ledger.PlaceAsync(order, charge, idempotency.ForOrder(key, fingerprint, order), caller.Address, cancellationToken))
        {
            case Placement.SoldOut:
                return await RefuseAsync(key, fingerprint, await SoldOutAsync(order, cancellationToken), cancellationToken);
            case Placement.QuoteUsed:
                return await RefuseAsync(key, fingerprint, new PlaceOrderResult.QuoteUsed(), cancellationToken);
            case Placement.IdempotencyKeyTaken:
                return null;
            // Not the key's answer: holds end within minutes, and the same request may then be placed.
            case Placement.HoldsFull:
                return new PlaceOrderResult.HoldsFull(await holds.RetryAfterAsync(null, null, cancellationToken));
            case Placement.AddressHoldLimit or Placement.EmailHoldLimit:
                return new PlaceOrderResult.TooManyUnpaidOrders(await holds.RetryAfterAsync(caller.Address, email, cancellationToken));
        }
        metrics?.OrderPlaced(order);
        return await ChargeAsync(order, charge, order.Token!, caller); // a new order carries its token
    }

    /// <summary>A refusal that placed no order is the key's answer too: the same request gets it again.</summary>
    private async Task<PlaceOrderResult?> RefuseAsync(string key, string fingerprint, PlaceOrderResult refusal, CancellationToken cancellationToken) =>
        await idempotency.SaveRefusalAsync(key, fingerprint, SavedAnswer.ForRefusal(refusal)!, cancellationToken) ? refusal : null;

    /// <summary>
    /// A known key with the same parameters: its saved answer, or, while its order's payment is still in doubt, the
    /// charge asked for again with the same processor key. Never a fresh check of the quote: the order exists.
    /// </summary>
    private async Task<PlaceOrderResult> ReplayAsync(IdempotencyRecord record, Caller caller, CancellationToken cancellationToken)
    {
        var answer = idempotency.AnswerOf(record);
        if (record.OrderId is not { } orderId)
            return answer?.ToResult(null, replayed: true) ?? throw new InvalidOperationException("An idempotency record with neither order nor answer.");

        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw new InvalidOperationException($"Idempotency record names missing order {orderId}.");
        if (answer is not null) return answer.ToResult(order, replayed: true);

        var token = idempotency.TokenOf(record)!;
        var charge = await ledger.FindByOrderAsync(orderId, cancellationToken) ?? throw new InvalidOperationException($"Order {orderId} has no payment.");
        // Asked again with the same processor key: a decline heard now is heard for the first time.
        if (charge.State == PaymentState.Pending) return await ChargeAsync(order, charge, token, caller);
        // Settled since, by someone that could not save an answer: answer from the state.
        var settled = await ledger.ChangeAsync(orderId, (_, _) => Task.CompletedTask, cancellationToken);
        return payment.AnswerOf(settled, token, replayed: true);
    }

    private async Task<PlaceOrderResult> SoldOutAsync(Order order, CancellationToken cancellationToken)
    {
        var remaining = await supply.GetRemainingAsync(order.ReservedDates.ToList(), cancellationToken);
        if (order.Product != Product.Pass) return new PlaceOrderResult.SoldOut(remaining[0].Remaining);
        var shortDates = remaining.Where(d => d.Remaining < order.CreditsPerReservedDate).ToList();
        // A racing release may have freed the date since; still report the dates that were contended.
        return new PlaceOrderResult.DatesSoldOut(shortDates.Count > 0 ? shortDates : remaining);
    }
}
