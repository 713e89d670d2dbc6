using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Pricing;
using CheapTokens.Core.Supply;
using CheapTokens.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// Locks a price: the price comes only from the server's curve, and a quote is refused when the supply it asks
/// for is already gone. A quote is held for Checkout:QuoteHoldSeconds (never past midnight UTC).
/// </summary>
public sealed class QuoteService(
    IDbContextFactory<StoreDbContext> dbFactory,
    ISupplyLedger supply,
    LivePricing pricing,
    IOptions<CheckoutOptions> checkout,
    KeyCapacityService keyCapacity,
    SalesGate sales,
    IPaymentProcessor processor,
    TimeProvider clock)
{
    public async Task<CreateQuoteResult> CreateQuoteAsync(int? credits, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Add("credits", OrderInputRules.CheckCredits(credits, checkout.Value.MaxCreditsPerOrder));
        if (errors.Count > 0) return new CreateQuoteResult.Invalid(errors);

        var now = clock.GetUtcNow();
        var remaining = (await supply.GetRemainingAsync([UtcDay.DateOf(now)], cancellationToken))[0].Remaining;
        if (remaining < credits!.Value) return new CreateQuoteResult.SoldOut(remaining);

        var quote = Quote.Create(credits.Value, pricing.Curve.UnitPriceAt(now), now, checkout.Value.QuoteHold);
        if (BelowMinimum(quote, "credits") is { } tooSmall) return tooSmall;
        return await SaveAsync(quote, cancellationToken);
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
        var options = pricing.Passes;
        var check = PassInputRules.CheckDates(dates, today, options.LastDateOnSale(today));
        var errors = new FieldErrors().Add("diemPerDay", PassInputRules.CheckDiemPerDay(diemPerDay, options.MaxDiemPerDay));
        if (!check.IsValid) errors["dates"] = check.Errors.ToArray();
        if (errors.Count > 0) return new CreateQuoteResult.Invalid(errors);

        var shortDates = (await supply.GetRemainingAsync(check.Dates, cancellationToken)).Where(d => d.Remaining < diemPerDay!.Value).ToList();
        if (shortDates.Count > 0) return new CreateQuoteResult.DatesSoldOut(shortDates);

        var lines = new PassPricing(pricing.Curve, options.AdvanceDiscountPercent).Price(diemPerDay!.Value, check.Dates, now);
        var quote = Quote.CreatePass(diemPerDay.Value, lines, now, checkout.Value.QuoteHold);
        if (BelowMinimum(quote, "diemPerDay") is { } tooSmall) return tooSmall;
        return await SaveAsync(quote, cancellationToken);
    }

    /// <summary>The processor's smallest charge (Stripe's $0.50) is the smallest order: refused before a price is locked.</summary>
    private CreateQuoteResult.Invalid? BelowMinimum(Quote quote, string field) =>
        quote.Total >= processor.MinimumCharge
            ? null
            : new CreateQuoteResult.Invalid(new FieldErrors().Add(field,
                OrderInputRules.CheckMinimumCharge(quote.Total, quote.DiemPerDay ?? quote.Credits, processor.MinimumCharge, quote.Product == Product.Pass)));

    public async Task<Quote?> FindAsync(Guid quoteId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Quotes.AsNoTracking().Include(q => q.Dates).SingleOrDefaultAsync(q => q.Id == quoteId, cancellationToken);
    }

    private async Task<CreateQuoteResult> SaveAsync(Quote quote, CancellationToken cancellationToken)
    {
        // Checked last, so a paused store still tells a buyer what is wrong with the request itself.
        if ((await sales.CurrentAsync(cancellationToken)).Reason is { } paused) return new CreateQuoteResult.SalesPaused(paused);
        if (!await keyCapacity.CanQuoteAsync(quote, cancellationToken)) return new CreateQuoteResult.KeyCapacity(UtcDay.NextMidnight(clock.GetUtcNow()));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Quotes.Add(quote);
        await db.SaveChangesAsync(cancellationToken);
        return new CreateQuoteResult.Created(quote);
    }
}
