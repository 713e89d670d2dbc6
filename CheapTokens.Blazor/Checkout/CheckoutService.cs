using System.Net;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
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
    PaymentLedger ledger,
    CheckoutPayment payment,
    IdempotentCheckout idempotency,
    ClientOrderLimits clientLimits,
    SellingLimits sellingLimits,
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
        PlaceAsync(quoteId, email, paymentMethod, idempotencyKey, CheckoutCaller.Internal, cancellationToken);

    /// <summary>
    /// An order from a buyer at <paramref name="clientAddress"/> (the HTTP API, the page). A new order counts toward the
    /// address's orders per minute and is refused while the address or the quote has too many declined payments; a
    /// repeat of a request already answered (same Idempotency-Key, same parameters) gets its answer and counts for nothing.
    /// </summary>
    public Task<PlaceOrderResult> PlaceOrderForClientAsync(Guid? quoteId, string? email, string? paymentMethod, string? idempotencyKey, IPAddress? clientAddress, CancellationToken cancellationToken) =>
        PlaceAsync(quoteId, email, paymentMethod, idempotencyKey, CheckoutCaller.Client(clientAddress), cancellationToken);

    private async Task<PlaceOrderResult> PlaceAsync(Guid? quoteId, string? email, string? paymentMethod, string? idempotencyKey, CheckoutCaller caller, CancellationToken cancellationToken)
    {
        using var span = StoreTracing.Source.StartActivity("place order");
        var errors = new FieldErrors()
            .Add("quoteId", quoteId is null || quoteId == Guid.Empty ? "Quote id is required." : null)
            .Add("email", OrderInputRules.CheckEmail(email))
            .Add("paymentMethod", payment.CheckMethod(paymentMethod))
            .Add(IdempotencyKeyHeader, OrderInputRules.CheckIdempotencyKey(idempotencyKey));
        if (errors.Count > 0) return new PlaceOrderResult.Invalid(errors);

        var key = idempotencyKey!;
        var method = payment.MethodFor(paymentMethod);
        var fingerprint = IdempotencyRecords.Fingerprint(quoteId!.Value, email!, method);
        using var held = await idempotency.LockAsync(key, cancellationToken);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await idempotency.FindAsync(key, cancellationToken) is { } record)
            {
                if (record.Fingerprint != fingerprint) return new PlaceOrderResult.IdempotencyKeyReused();
                return await idempotency.ReplayAsync(record, caller, cancellationToken) with { Repeated = true };
            }
            if (caller.Limited && await clientLimits.RefusalAsync(quoteId.Value, caller.Address, cancellationToken) is { } refused) return refused;
            if (await PlaceNewAsync(quoteId.Value, email!.Trim(), method, key, fingerprint, caller, cancellationToken) is { } result) return result;
            // Another process took the key between our look and our write: answer as it did.
        }
        // The key belongs to an order whose record was pruned (keys are kept 24 h): it cannot place another.
        return new PlaceOrderResult.IdempotencyKeyReused();
    }

    /// <returns>Null when another request took the key first.</returns>
    private async Task<PlaceOrderResult?> PlaceNewAsync(Guid quoteId, string email, string paymentMethod, string key, string fingerprint, CheckoutCaller caller, CancellationToken cancellationToken)
    {
        // Only new orders stop: a repeat of one already placed still gets its answer.
        if (await sellingLimits.PausedReasonAsync(cancellationToken) is { } paused) return new PlaceOrderResult.SalesPaused(paused);
        var quote = await quotes.FindAsync(quoteId, cancellationToken);
        if (quote is null) return new PlaceOrderResult.Invalid(new FieldErrors().Add("quoteId", "No such quote."));
        var now = clock.GetUtcNow();
        if (quote.IsExpiredAt(now)) return await idempotency.RefuseAsync(key, fingerprint, new PlaceOrderResult.QuoteExpired(quote.ExpiresAt), cancellationToken);
        if (quote.UsedByOrderId is not null) return await idempotency.RefuseAsync(key, fingerprint, new PlaceOrderResult.QuoteUsed(), cancellationToken);

        // Held while the order is placed and paid. A refusal for capacity is not the key's answer: capacity comes back
        // (a pool refill, a new day).
        using var keyHold = await sellingLimits.HoldKeyCapacityAsync(quote, cancellationToken);
        if (keyHold is null) return new PlaceOrderResult.KeyCapacity(UtcDay.NextMidnight(now));

        var order = Order.Create(quote, email, paymentMethod, key, now);
        var charge = Payment.Start(order.Id, order.Total, paymentMethod, now);
        switch (await ledger.PlaceAsync(order, charge, idempotency.ForOrder(key, fingerprint, order), caller.Address, cancellationToken))
        {
            case Placement.SoldOut:
                return await idempotency.RefuseAsync(key, fingerprint, await sellingLimits.SoldOutAsync(order, cancellationToken), cancellationToken);
            case Placement.QuoteUsed:
                return await idempotency.RefuseAsync(key, fingerprint, new PlaceOrderResult.QuoteUsed(), cancellationToken);
            case Placement.IdempotencyKeyTaken:
                return null;
            // Not the key's answer: holds end within minutes, and the same request may then be placed.
            case Placement.HoldsFull:
                return await sellingLimits.HoldsFullAsync(cancellationToken);
            case Placement.AddressHoldLimit or Placement.EmailHoldLimit:
                return await sellingLimits.TooManyUnpaidAsync(caller.Address, email, cancellationToken);
        }
        metrics?.OrderPlaced(order);
        return await payment.ChargeAsync(order, charge, order.Token!, caller); // a new order carries its token
    }
}
