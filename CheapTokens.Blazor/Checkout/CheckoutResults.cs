using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Supply;

namespace CheapTokens.Blazor.Checkout;

/// <summary>Field name → messages, keyed as the HTTP API names the fields (credits, email, paymentMethod, ...).</summary>
public sealed class FieldErrors : Dictionary<string, string[]>
{
    public FieldErrors Add(string field, string? message)
    {
        if (message is not null) this[field] = [message];
        return this;
    }

    /// <summary>The field's messages as one line, or null when the field is fine.</summary>
    public string? MessageFor(string field) => TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}

public abstract record CreateQuoteResult
{
    public sealed record Created(Quote Quote) : CreateQuoteResult;

    public sealed record Invalid(FieldErrors Errors) : CreateQuoteResult;

    /// <summary>Fewer than the requested credits are left today.</summary>
    public sealed record SoldOut(int Remaining) : CreateQuoteResult;

    /// <summary>A pass: fewer than the diem per day are left on these dates.</summary>
    public sealed record DatesSoldOut(IReadOnlyList<DateRemaining> Dates) : CreateQuoteResult;

    /// <summary>No more keys can reach buyers before 00:00 UTC today, so nothing for today is sold.</summary>
    public sealed record KeyCapacity(DateTimeOffset NextMidnightUtc) : CreateQuoteResult;
}

/// <summary>One date on sale for a pass: remaining supply and today's price for it (for a calendar).</summary>
/// <param name="SoldOut">Nothing is left; a date with less left than a pass's diem per day also cannot be bought.</param>
/// <param name="UnitPrice">Price per diem quoted now: today's live price, or the advance price for a later date.</param>
public sealed record DateAvailability(DateOnly Date, int Remaining, bool SoldOut, decimal UnitPrice);

public abstract record PlaceOrderResult
{
    /// <summary>Charged and handed to provisioning; <paramref name="Replayed"/> when the key had already done this.</summary>
    public sealed record Placed(OrderSummary Order, bool Replayed) : PlaceOrderResult;

    public sealed record Invalid(FieldErrors Errors) : PlaceOrderResult;

    public sealed record QuoteExpired(DateTimeOffset ExpiredAt) : PlaceOrderResult;

    public sealed record SoldOut(int Remaining) : PlaceOrderResult;

    /// <summary>A pass: these dates no longer have the diem per day left; nothing was charged.</summary>
    public sealed record DatesSoldOut(IReadOnlyList<DateRemaining> Dates) : PlaceOrderResult;

    /// <summary>No more keys can reach buyers before 00:00 UTC today; nothing was charged.</summary>
    public sealed record KeyCapacity(DateTimeOffset NextMidnightUtc) : PlaceOrderResult;

    /// <summary>The charge was refused for good; the order is Declined and nothing is held.</summary>
    public sealed record PaymentDeclined(OrderSummary Order, string FailureCode, string? Message) : PlaceOrderResult;

    /// <summary>The processor failed; nothing was charged, and the same Idempotency-Key may be retried.</summary>
    public sealed record PaymentUnavailable(string? Message) : PlaceOrderResult;

    /// <summary>The Idempotency-Key already belongs to an order for a different quote.</summary>
    public sealed record IdempotencyKeyReused : PlaceOrderResult;

    /// <summary>Too many declined payments on this quote or from this address (card testing); nothing was tried.</summary>
    public sealed record TooManyFailedPayments(TimeSpan RetryAfter) : PlaceOrderResult;
}
