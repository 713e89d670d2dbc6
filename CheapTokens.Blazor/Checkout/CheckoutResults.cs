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
}

public abstract record CreateQuoteResult
{
    public sealed record Created(Quote Quote) : CreateQuoteResult;

    public sealed record Invalid(FieldErrors Errors) : CreateQuoteResult;

    /// <summary>Fewer than the requested credits are left today.</summary>
    public sealed record SoldOut(int Remaining) : CreateQuoteResult;
}

public abstract record PlaceOrderResult
{
    /// <summary>Charged and handed to provisioning; <paramref name="Replayed"/> when the key had already done this.</summary>
    public sealed record Placed(OrderSummary Order, bool Replayed) : PlaceOrderResult;

    public sealed record Invalid(FieldErrors Errors) : PlaceOrderResult;

    public sealed record QuoteExpired(DateTimeOffset ExpiredAt) : PlaceOrderResult;

    public sealed record SoldOut(int Remaining) : PlaceOrderResult;

    /// <summary>The charge was refused for good; the order is Declined and nothing is held.</summary>
    public sealed record PaymentDeclined(OrderSummary Order, string FailureCode, string? Message) : PlaceOrderResult;

    /// <summary>The processor failed; nothing was charged, and the same Idempotency-Key may be retried.</summary>
    public sealed record PaymentUnavailable(string? Message) : PlaceOrderResult;

    /// <summary>The Idempotency-Key already belongs to an order for a different quote.</summary>
    public sealed record IdempotencyKeyReused : PlaceOrderResult;
}

/// <summary>What a list of orders shows: never the key itself, only its last characters.</summary>
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
    public static OrderSummary Of(Order order)
    {
        var key = order.Keys.FirstOrDefault(k => k.Status == OrderKeyStatus.Minted);
        // Only an order that has or will get a key has an expiry to show.
        var expiresAt = order.Status is OrderStatus.Paid or OrderStatus.Provisioning or OrderStatus.Fulfilled
            ? key?.ExpiresAt ?? order.KeyExpiresAt
            : null;
        return new(order.Id, order.Token, order.Status, order.Credits, order.UnitPrice, order.Total, order.CreatedAt, expiresAt, key?.ApiKeyHint);
    }
}

/// <summary>One order as its token holder sees it, with the API key once fulfilled.</summary>
public sealed record OrderDetails(OrderSummary Summary, string? ApiKey, string? VeniceKeyId, string? FailureReason);
