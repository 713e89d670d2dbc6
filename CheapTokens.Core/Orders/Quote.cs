using CheapTokens.Core.Pricing;
using CheapTokens.Core.Time;

namespace CheapTokens.Core.Orders;

/// <summary>A price locked for a short hold so the buyer pays what they were shown.</summary>
public sealed class Quote
{
    public static readonly TimeSpan DefaultHold = TimeSpan.FromSeconds(60);

    private Quote()
    {
    }

    public Guid Id { get; private set; }

    public int Credits { get; private set; }

    public decimal UnitPrice { get; private set; }

    public decimal Total { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>The UTC day whose price and supply this quote belongs to.</summary>
    public DateOnly SupplyDate => UtcDay.DateOf(CreatedAt);

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
}
