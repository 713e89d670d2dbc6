namespace CheapTokens.Blazor.Checkout;

/// <summary>One date on sale for a pass: remaining supply and today's price for it (for a calendar).</summary>
/// <param name="SoldOut">Nothing is left; a date with less left than a pass's diem per day also cannot be bought.</param>
/// <param name="UnitPrice">Price per diem quoted now: today's live price, or the advance price for a later date.</param>
public sealed record DateAvailability(DateOnly Date, int Remaining, bool SoldOut, decimal UnitPrice);
