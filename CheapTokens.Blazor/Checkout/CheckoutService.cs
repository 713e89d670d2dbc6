using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Supply;
using CheapTokens.Core.Time;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// Places an order on a quote: supply is reserved in the database before the charge and released if it fails,
/// and one Idempotency-Key makes at most one order and one charge.
/// </summary>
public sealed class CheckoutService(
    QuoteService quotes,
    OrderStore orders,
    OrderPayment payment,
    ISupplyLedger supply,
    IPaymentGateway gateway,
    KeyedLocks idempotencyLocks,
    KeyCapacityService keyCapacity,
    TimeProvider clock)
{
    /// <summary>The header a buyer sends the idempotency key in; errors about the key are reported under its name.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public async Task<PlaceOrderResult> PlaceOrderAsync(Guid? quoteId, string? email, string? paymentMethod, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors()
            .Add("quoteId", quoteId is null || quoteId == Guid.Empty ? "Quote id is required." : null)
            .Add("email", OrderInputRules.CheckEmail(email))
            .Add("paymentMethod", OrderInputRules.CheckPaymentMethod(paymentMethod, gateway.SupportedMethods))
            .Add(IdempotencyKeyHeader, OrderInputRules.CheckIdempotencyKey(idempotencyKey));
        if (errors.Count > 0) return new PlaceOrderResult.Invalid(errors);

        using var held = await idempotencyLocks.AcquireAsync(idempotencyKey!, cancellationToken);
        if (await orders.FindByIdempotencyKeyAsync(idempotencyKey!, cancellationToken) is { } existing)
            return await ResumeAsync(existing, quoteId!.Value, cancellationToken);

        var quote = await quotes.FindAsync(quoteId!.Value, cancellationToken);
        if (quote is null) return new PlaceOrderResult.Invalid(new FieldErrors().Add("quoteId", "No such quote."));
        var now = clock.GetUtcNow();
        if (quote.IsExpiredAt(now)) return new PlaceOrderResult.QuoteExpired(quote.ExpiresAt);

        using var keyHold = await keyCapacity.HoldAsync(quote, cancellationToken);
        if (keyHold is null) return new PlaceOrderResult.KeyCapacity(UtcDay.NextMidnight(now));
        var order = Order.Create(quote, email!.Trim(), paymentMethod!, idempotencyKey!, now);
        switch (await orders.ReserveAsync(order, insert: true, cancellationToken))
        {
            case Reservation.SoldOut:
                return await SoldOutAsync(order, cancellationToken);
            case Reservation.IdempotencyKeyTaken:
                // Another process placed this key between our lookup and insert: answer with its order.
                var winner = await orders.FindByIdempotencyKeyAsync(idempotencyKey!, cancellationToken)
                             ?? throw new InvalidOperationException("Idempotency key conflict without an order.");
                return await ResumeAsync(winner, quoteId.Value, cancellationToken);
        }
        return await payment.ChargeAsync(order);
    }

    /// <summary>A repeat of a known Idempotency-Key: answer as the first time, or retry a charge the processor failed.</summary>
    private async Task<PlaceOrderResult> ResumeAsync(Order order, Guid quoteId, CancellationToken cancellationToken)
    {
        if (order.QuoteId != quoteId) return new PlaceOrderResult.IdempotencyKeyReused();
        switch (order.Status)
        {
            case OrderStatus.Declined:
                return new PlaceOrderResult.PaymentDeclined(OrderSummary.Of(order), order.FailureCode ?? PaymentFailureCode.Declined.ToCode(), order.FailureReason);
            case not OrderStatus.Created:
                return new PlaceOrderResult.Placed(OrderSummary.Of(order), Replayed: true);
        }

        // Still Created: the last attempt hit a processor error and released its supply. Try again.
        var quote = await quotes.FindAsync(order.QuoteId, cancellationToken);
        if (quote is null || quote.IsExpiredAt(clock.GetUtcNow())) return new PlaceOrderResult.QuoteExpired(quote?.ExpiresAt ?? order.CreatedAt);
        // Its token was never handed out (that answer carried none) and only its hash is kept: this attempt gets a new one.
        order = await orders.ChangeAsync(order.Id, o => o.RenewToken(clock.GetUtcNow()), cancellationToken);
        using var keyHold = await keyCapacity.HoldAsync(quote, cancellationToken);
        if (keyHold is null) return new PlaceOrderResult.KeyCapacity(UtcDay.NextMidnight(clock.GetUtcNow()));
        if (await orders.ReserveAsync(order, insert: false, cancellationToken) == Reservation.SoldOut)
            return await SoldOutAsync(order, cancellationToken);
        return await payment.ChargeAsync(order);
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
