using CheapTokens.Core.Orders;

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
}

/// <summary>What is left of one date's supply.</summary>
public sealed record DateRemaining(DateOnly Date, int Remaining);

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

    /// <summary>The charge was refused for good; the order is Declined and nothing is held.</summary>
    public sealed record PaymentDeclined(OrderSummary Order, string FailureCode, string? Message) : PlaceOrderResult;

    /// <summary>The processor failed; nothing was charged, and the same Idempotency-Key may be retried.</summary>
    public sealed record PaymentUnavailable(string? Message) : PlaceOrderResult;

    /// <summary>The Idempotency-Key already belongs to an order for a different quote.</summary>
    public sealed record IdempotencyKeyReused : PlaceOrderResult;
}

/// <summary>
/// What a list of orders shows: never the key itself, only its last characters. For a pass, ExpiresAt is when
/// the whole pass ends and ApiKeyHint is the current (else latest) run's key.
/// </summary>
public sealed record OrderSummary(
    Guid OrderId,
    string Token,
    OrderStatus Status,
    int Credits,
    decimal UnitPrice,
    decimal Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string? ApiKeyHint)
{
    public Product Product { get; init; }

    /// <summary>A pass's per-UTC-day diem limit; null for credits.</summary>
    public int? DiemPerDay { get; init; }

    public static OrderSummary Of(Order order) => Of(order, null);

    public static OrderSummary Of(Order order, DateTimeOffset? now)
    {
        var key = CurrentKey(order, now);
        // Only an order that has or will get a key has an expiry to show.
        var expiresAt = order.Status is OrderStatus.Paid or OrderStatus.Provisioning or OrderStatus.Fulfilled
            ? order.Product == Product.Pass ? order.KeyExpiresAt : key?.ExpiresAt ?? order.KeyExpiresAt
            : null;
        return new(order.Id, order.Token, order.Status, order.Credits, order.UnitPrice, order.Total, order.CreatedAt, expiresAt, key?.ApiKeyHint)
        {
            Product = order.Product,
            DiemPerDay = order.DiemPerDay,
        };
    }

    /// <summary>The key to show first: the minted run live at <paramref name="now"/>, else the latest minted run.</summary>
    public static OrderKey? CurrentKey(Order order, DateTimeOffset? now)
    {
        var minted = order.Runs.Where(k => k.Status == OrderKeyStatus.Minted).ToList();
        return (now is { } at ? minted.FirstOrDefault(k => k.IsLiveAt(at)) : null) ?? minted.LastOrDefault();
    }
}

/// <summary>
/// One order as its token holder sees it, with the API key once minted. For a pass, ApiKey/VeniceKeyId are the
/// current run's key and <see cref="Runs"/> has every run's.
/// </summary>
public sealed record OrderDetails(OrderSummary Summary, string? ApiKey, string? VeniceKeyId, string? FailureReason)
{
    /// <summary>Every key run in order (a credits order has one once paid).</summary>
    public IReadOnlyList<OrderRunDetails> Runs { get; init; } = [];
}

/// <summary>One key run as its token holder sees it: ApiKey only once minted.</summary>
/// <param name="Credits">The key's limit: credits, or a pass's diem per UTC day.</param>
public sealed record OrderRunDetails(
    Guid OrderKeyId,
    int RunNumber,
    DateOnly DateFrom,
    DateOnly DateTo,
    int Credits,
    OrderKeyStatus Status,
    DateTimeOffset MintAt,
    DateTimeOffset ExpiresAt,
    string? ApiKey,
    string? VeniceKeyId,
    string? ApiKeyHint);
