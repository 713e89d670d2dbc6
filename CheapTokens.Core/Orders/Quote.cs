using CheapTokens.Core.Passes;
using CheapTokens.Core.Pricing;
using CheapTokens.Core.Time;

namespace CheapTokens.Core.Orders;

/// <summary>
/// A price locked for a short hold so the buyer pays what they were shown: credits for today, or a
/// multi-day pass with one locked line per date (<see cref="Dates"/>).
/// </summary>
public sealed class Quote
{
    public static readonly TimeSpan DefaultHold = TimeSpan.FromSeconds(60);

    private readonly List<QuoteDate> _dates = [];

    private Quote()
    {
    }

    public Guid Id { get; private set; }

    public Product Product { get; private set; }

    /// <summary>For a credits quote the credits; for a pass diem per day × dates (for display).</summary>
    public int Credits { get; private set; }

    /// <summary>A pass's per-UTC-day diem limit; null for credits.</summary>
    public int? DiemPerDay { get; private set; }

    /// <summary>For a pass the average unit price over its dates (each date's own price is in <see cref="Dates"/>).</summary>
    public decimal UnitPrice { get; private set; }

    public decimal Total { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>
    /// The order placed on this quote: a quote is single-use. Taken in the transaction that places the order and given
    /// back only when that order ends without a charge (declined), so the buyer may pay again on the same price.
    /// </summary>
    public Guid? UsedByOrderId { get; private set; }

    /// <summary>A pass's dates with their locked prices (any order; see <see cref="DatesInOrder"/>); empty for credits.</summary>
    public IReadOnlyList<QuoteDate> Dates => _dates;

    public IReadOnlyList<QuoteDate> DatesInOrder() => _dates.OrderBy(d => d.Date).ToList();

    /// <summary>The UTC day whose price and supply this quote belongs to (a pass: its first date).</summary>
    public DateOnly SupplyDate => Product == Product.Pass && _dates.Count > 0 ? _dates.Min(d => d.Date) : UtcDay.DateOf(CreatedAt);

    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>
    /// The hold never crosses midnight: the curve resets to its highest price at 00:00, so a late-evening
    /// quote must not buy a fresh day's key at the previous night's discount.
    /// </summary>
    public static Quote Create(int credits, decimal unitPrice, DateTimeOffset now, TimeSpan? hold = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(credits, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(unitPrice);
        var holdFor = hold ?? DefaultHold;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(holdFor, TimeSpan.Zero, nameof(hold));
        var heldUntil = now + holdFor;
        var midnight = UtcDay.NextMidnight(now);
        return new Quote
        {
            Id = Guid.NewGuid(),
            Credits = credits,
            UnitPrice = unitPrice,
            Total = Money.Total(unitPrice, credits),
            CreatedAt = now,
            ExpiresAt = heldUntil < midnight ? heldUntil : midnight,
        };
    }

    /// <summary>
    /// A pass quote from its priced dates (see <see cref="PassPricing"/>). Same hold as credits, also never
    /// past midnight: today's line is priced on today's curve.
    /// </summary>
    public static Quote CreatePass(int diemPerDay, IReadOnlyList<PassDatePrice> lines, DateTimeOffset now, TimeSpan? hold = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(diemPerDay, 1);
        if (lines.Count == 0) throw new ArgumentException("A pass needs at least one date.", nameof(lines));
        if (lines.Select(l => l.Date).Distinct().Count() != lines.Count) throw new ArgumentException("Pass dates must be distinct.", nameof(lines));
        var quote = Create(diemPerDay * lines.Count, Money.RoundUnitPrice(lines.Average(l => l.UnitPrice)), now, hold);
        quote.Product = Product.Pass;
        quote.DiemPerDay = diemPerDay;
        quote.Total = PassPricing.Total(lines);
        quote._dates.AddRange(lines.OrderBy(l => l.Date).Select(l => QuoteDate.Of(quote.Id, l.Date, l.UnitPrice, l.Price)));
        return quote;
    }
}
