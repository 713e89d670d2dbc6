using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Supply;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Pricing;
using CheapTokens.Core.Supply;
using CheapTokens.Core.Time;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// Quote, then place: the price comes only from the server's curve, supply is reserved in the database
/// before the charge and released if it fails, and one Idempotency-Key makes at most one order and one charge.
/// </summary>
public sealed class CheckoutService(
    IDbContextFactory<StoreDbContext> dbFactory,
    OrderStore orders,
    IPaymentGateway gateway,
    IProvisioningQueue provisioning,
    IKeyVault keyVault,
    IReceiptSender receipts,
    KeyedLocks idempotencyLocks,
    IOptions<PricingOptions> pricing,
    PriceCurve curve,
    IOptions<CheckoutOptions> checkout,
    IOptions<PassOptions> passes,
    TimeProvider clock,
    ILogger<CheckoutService> logger)
{
    /// <summary>Most orders one list request may look up.</summary>
    public const int MaxListedOrders = 100;

    /// <summary>Errors about the idempotency key are reported under the header's name.</summary>
    public const string IdempotencyKeyField = "Idempotency-Key";

    public async Task<CreateQuoteResult> CreateQuoteAsync(int? credits, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Add("credits", OrderInputRules.CheckCredits(credits, checkout.Value.MaxCreditsPerOrder));
        if (errors.Count > 0) return new CreateQuoteResult.Invalid(errors);

        var now = clock.GetUtcNow();
        var remaining = await RemainingAsync(UtcDay.DateOf(now), cancellationToken);
        if (remaining < credits!.Value) return new CreateQuoteResult.SoldOut(remaining);

        var quote = Quote.Create(credits.Value, curve.UnitPriceAt(now), now, checkout.Value.QuoteHold);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Quotes.Add(quote);
        await db.SaveChangesAsync(cancellationToken);
        return new CreateQuoteResult.Created(quote);
    }

    /// <summary>
    /// Quotes a multi-day pass: <paramref name="diemPerDay"/> on each of <paramref name="dates"/> ("YYYY-MM-DD", UTC,
    /// today up to today + Passes:HorizonDays - 1). Today is priced live, later dates at the advance price. Invalid
    /// input is reported under "diemPerDay" and "dates" (each message names its date); dates with less than
    /// <paramref name="diemPerDay"/> left come back as <see cref="CreateQuoteResult.DatesSoldOut"/>.
    /// </summary>
    public async Task<CreateQuoteResult> CreatePassQuoteAsync(int? diemPerDay, IReadOnlyList<string?>? dates, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = UtcDay.DateOf(now);
        var options = passes.Value;
        var check = PassInputRules.CheckDates(dates, today, options.LastDateOnSale(today));
        var errors = new FieldErrors().Add("diemPerDay", PassInputRules.CheckDiemPerDay(diemPerDay, options.MaxDiemPerDay));
        if (!check.IsValid) errors["dates"] = check.Errors.ToArray();
        if (errors.Count > 0) return new CreateQuoteResult.Invalid(errors);

        var shortDates = (await RemainingAsync(check.Dates, cancellationToken)).Where(d => d.Remaining < diemPerDay!.Value).ToList();
        if (shortDates.Count > 0) return new CreateQuoteResult.DatesSoldOut(shortDates);

        var lines = PassPricingFor(options).Price(diemPerDay!.Value, check.Dates, now);
        var quote = Quote.CreatePass(diemPerDay.Value, lines, now, checkout.Value.QuoteHold);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Quotes.Add(quote);
        await db.SaveChangesAsync(cancellationToken);
        return new CreateQuoteResult.Created(quote);
    }

    /// <summary>Each date on sale for a pass (today and the next Passes:HorizonDays - 1), with what is left and its unit price now.</summary>
    public async Task<IReadOnlyList<DateAvailability>> GetDateAvailabilityAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = UtcDay.DateOf(now);
        var dates = Enumerable.Range(0, passes.Value.HorizonDays).Select(today.AddDays).ToList();
        var pricing = PassPricingFor(passes.Value);
        return (await RemainingAsync(dates, cancellationToken))
            .Select(d => new DateAvailability(d.Date, d.Remaining, d.Remaining <= 0, pricing.UnitPriceFor(d.Date, now)))
            .ToList();
    }

    public async Task<PlaceOrderResult> PlaceOrderAsync(Guid? quoteId, string? email, string? paymentMethod, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors()
            .Add("quoteId", quoteId is null || quoteId == Guid.Empty ? "Quote id is required." : null)
            .Add("email", OrderInputRules.CheckEmail(email))
            .Add("paymentMethod", OrderInputRules.CheckPaymentMethod(paymentMethod, gateway.SupportedMethods))
            .Add(IdempotencyKeyField, OrderInputRules.CheckIdempotencyKey(idempotencyKey));
        if (errors.Count > 0) return new PlaceOrderResult.Invalid(errors);

        using var held = await idempotencyLocks.AcquireAsync(idempotencyKey!, cancellationToken);
        if (await orders.FindByIdempotencyKeyAsync(idempotencyKey!, cancellationToken) is { } existing)
            return await ResumeAsync(existing, quoteId!.Value, cancellationToken);

        var quote = await FindQuoteAsync(quoteId!.Value, cancellationToken);
        if (quote is null) return new PlaceOrderResult.Invalid(new FieldErrors().Add("quoteId", "No such quote."));
        var now = clock.GetUtcNow();
        if (quote.IsExpiredAt(now)) return new PlaceOrderResult.QuoteExpired(quote.ExpiresAt);

        var order = Order.Create(quote, email!.Trim(), paymentMethod!, idempotencyKey!, now);
        switch (await ReserveAsync(order, insertOrder: true, cancellationToken))
        {
            case Reservation.SoldOut:
                return await SoldOutAsync(order, cancellationToken);
            case Reservation.KeyTaken:
                // Another process placed this key between our lookup and insert: answer with its order.
                var winner = await orders.FindByIdempotencyKeyAsync(idempotencyKey!, cancellationToken)
                             ?? throw new InvalidOperationException("Idempotency key conflict without an order.");
                return await ResumeAsync(winner, quoteId.Value, cancellationToken);
        }
        return await ChargeAsync(order);
    }

    /// <summary>The order behind an unguessable token, with its API key once minted; null when unknown.</summary>
    public async Task<OrderDetails?> GetOrderByTokenAsync(string? token, CancellationToken cancellationToken)
    {
        if (!OrderToken.IsWellFormed(token)) return null;
        var order = await orders.FindByTokenAsync(token!, cancellationToken);
        if (order is null) return null;
        var now = clock.GetUtcNow();
        var key = OrderSummary.CurrentKey(order, now);
        var runs = order.Runs.Select(r => new OrderRunDetails(
            r.Id, r.RunNumber, r.DateFrom, r.DateTo, r.Credits, r.Status, r.MintAt, r.ExpiresAt,
            r.Status == OrderKeyStatus.Minted ? Unprotect(r) : null, r.VeniceKeyId, r.ApiKeyHint)).ToList();
        var apiKey = key is null ? null : runs.First(r => r.OrderKeyId == key.Id).ApiKey;
        return new OrderDetails(OrderSummary.Of(order, now), apiKey, key?.VeniceKeyId, order.FailureReason) { Runs = runs };
    }

    /// <summary>The buyer's orders (e.g. tokens kept in the browser), newest first; keys shown by their last characters only.</summary>
    public async Task<IReadOnlyList<OrderSummary>> ListOrdersAsync(IEnumerable<string> tokens, CancellationToken cancellationToken)
    {
        var wanted = tokens.Where(OrderToken.IsWellFormed).Distinct().Take(MaxListedOrders).ToList();
        if (wanted.Count == 0) return [];
        return (await orders.ListByTokensAsync(wanted, cancellationToken)).Select(OrderSummary.Of).ToList();
    }

    /// <summary>A repeat of a known Idempotency-Key: answer as the first time, or retry a charge the processor failed.</summary>
    private async Task<PlaceOrderResult> ResumeAsync(Order order, Guid quoteId, CancellationToken cancellationToken)
    {
        if (order.QuoteId != quoteId) return new PlaceOrderResult.IdempotencyKeyReused();
        switch (order.Status)
        {
            case OrderStatus.Declined:
                return new PlaceOrderResult.PaymentDeclined(OrderSummary.Of(order), order.FailureCode ?? "declined", order.FailureReason);
            case not OrderStatus.Created:
                return new PlaceOrderResult.Placed(OrderSummary.Of(order), Replayed: true);
        }

        // Still Created: the last attempt hit a processor error and released its supply. Try again.
        var quote = await FindQuoteAsync(order.QuoteId, cancellationToken);
        if (quote is null || quote.IsExpiredAt(clock.GetUtcNow())) return new PlaceOrderResult.QuoteExpired(quote?.ExpiresAt ?? order.CreatedAt);
        if (await ReserveAsync(order, insertOrder: false, cancellationToken) == Reservation.SoldOut)
            return await SoldOutAsync(order, cancellationToken);
        return await ChargeAsync(order);
    }

    /// <summary>Runs with the order's supply held, so it ignores cancellation: the credits end up sold or released.</summary>
    private async Task SendReceiptAsync(Order paid)
    {
        try
        {
            await receipts.SendAsync(new OrderReceipt(paid.Email, $"/orders/{paid.Token}", paid.Credits, paid.Total), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The order stands without its receipt: the page shows the same link.
            logger.LogWarning(ex, "Could not send the receipt for order {OrderId}", paid.Id);
        }
    }

    private async Task<Order> RecordPaidAsync(Guid orderId, string chargeId)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await orders.ChangeAsync(orderId, o => o.MarkPaid(chargeId, clock.GetUtcNow()), CancellationToken.None);
            }
            catch (Exception ex) when (attempt < 3 && ex is DbUpdateException or SqliteException)
            {
                logger.LogWarning(ex, "Recording the payment of order {OrderId} failed (attempt {Attempt}); trying again", orderId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), clock);
            }
        }
    }

    private async Task<PlaceOrderResult> ChargeAsync(Order order)
    {
        var uninterrupted = CancellationToken.None;
        PaymentResult payment;
        try
        {
            // Keyed by order: retries of this order can never produce a second charge.
            payment = await gateway.ChargeAsync(order.Id, order.Total, order.PaymentMethod, $"order:{order.Id:N}", uninterrupted);
        }
        catch
        {
            await orders.ChangeAsync(order.Id, (o, db) => ReleaseAsync(o, db), uninterrupted);
            throw;
        }

        if (payment.Succeeded)
        {
            // The money is taken: recording it must not give up on a passing database hiccup. Should every try
            // fail, the order stays Created and a retry with the same Idempotency-Key completes it.
            var paid = await RecordPaidAsync(order.Id, payment.ChargeId!);
            provisioning.Enqueue(paid.Id);
            logger.LogInformation("Order {OrderId} paid: {Product} of {Credits} credits for {Total}", paid.Id, paid.Product, paid.Credits, paid.Total);
            await SendReceiptAsync(paid);
            return new PlaceOrderResult.Placed(OrderSummary.Of(paid), Replayed: false);
        }

        if (payment.Retryable)
        {
            await orders.ChangeAsync(order.Id, (o, db) => ReleaseAsync(o, db), uninterrupted);
            logger.LogWarning("Charge for order {OrderId} failed, retryable: {Message}", order.Id, payment.Message);
            return new PlaceOrderResult.PaymentUnavailable(payment.Message);
        }

        var code = (payment.FailureCode ?? PaymentFailureCode.Declined).ToCode();
        var declined = await orders.ChangeAsync(order.Id, (o, db) =>
        {
            o.Decline(code, payment.Message, clock.GetUtcNow());
            return ReleaseAsync(o, db);
        }, uninterrupted);
        return new PlaceOrderResult.PaymentDeclined(OrderSummary.Of(declined), code, payment.Message);
    }

    private enum Reservation { Reserved, SoldOut, KeyTaken }

    /// <summary>Reserves the order's supply and (for a new order) inserts it, in one transaction.</summary>
    private async Task<Reservation> ReserveAsync(Order order, bool insertOrder, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await SupplyLedger.TryReserveAsync(db, order.ReservedDates, order.CreditsPerReservedDate, pricing.Value.DailySupply, cancellationToken))
            return Reservation.SoldOut;
        if (insertOrder) db.Orders.Add(order);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteExtendedErrorCode: SqliteErrorCodes.UniqueConstraint })
        {
            return Reservation.KeyTaken;
        }
        await transaction.CommitAsync(cancellationToken);
        return Reservation.Reserved;
    }

    private static Task ReleaseAsync(Order order, StoreDbContext db) =>
        SupplyLedger.ReleaseAsync(db, order.ReservedDates, order.CreditsPerReservedDate, CancellationToken.None);

    private string? Unprotect(OrderKey run) => run.ProtectedApiKey is { } sealedKey ? keyVault.Unprotect(sealedKey) : null;

    private async Task<PlaceOrderResult> SoldOutAsync(Order order, CancellationToken cancellationToken)
    {
        if (order.Product != Product.Pass)
            return new PlaceOrderResult.SoldOut(await RemainingAsync(order.SupplyDate, cancellationToken));
        var remaining = await RemainingAsync(order.ReservedDates.ToList(), cancellationToken);
        var shortDates = remaining.Where(d => d.Remaining < order.CreditsPerReservedDate).ToList();
        // A racing release may have freed the date since; still report the dates that were contended.
        return new PlaceOrderResult.DatesSoldOut(shortDates.Count > 0 ? shortDates : remaining);
    }

    private PassPricing PassPricingFor(PassOptions options) =>
        new(curve, options.AdvanceDiscountPercent);

    private async Task<Quote?> FindQuoteAsync(Guid quoteId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Quotes.AsNoTracking().Include(q => q.Dates).SingleOrDefaultAsync(q => q.Id == quoteId, cancellationToken);
    }

    private async Task<int> RemainingAsync(DateOnly date, CancellationToken cancellationToken) =>
        (await RemainingAsync([date], cancellationToken))[0].Remaining;

    /// <summary>What is left on each date, in the order given, in one query.</summary>
    private async Task<IReadOnlyList<DateRemaining>> RemainingAsync(IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken)
    {
        if (dates.Count == 0) return [];
        var (first, last) = (dates.Min(), dates.Max());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sold = await db.DailySales.AsNoTracking()
            .Where(s => s.Date >= first && s.Date <= last)
            .ToDictionaryAsync(s => s.Date, s => s.Sold, cancellationToken);
        return dates.Select(d => new DateRemaining(d, Math.Max(0, pricing.Value.DailySupply - sold.GetValueOrDefault(d)))).ToList();
    }
}
