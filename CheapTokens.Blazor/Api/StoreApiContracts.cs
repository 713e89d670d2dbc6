using System.Text.Json.Serialization;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Core.Orders;

namespace CheapTokens.Blazor.Api;

public sealed record QuoteResponse(Guid Id, int Credits, decimal UnitPrice, decimal Total, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public static QuoteResponse Of(Quote quote) =>
        new(quote.Id, quote.Credits, quote.UnitPrice, quote.Total, quote.CreatedAt, quote.ExpiresAt);
}

public sealed record PlacedOrderResponse(string Token, string Status);

public sealed record OrderResponse(
    string Token,
    string Status,
    int Credits,
    decimal UnitPrice,
    decimal Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApiKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? VeniceKeyId)
{
    public static OrderResponse Of(OrderDetails details)
    {
        var s = details.Summary;
        return new(s.Token, StatusName(s.Status), s.Credits, s.UnitPrice, s.Total, s.CreatedAt, s.ExpiresAt, details.ApiKey, details.VeniceKeyId);
    }

    public static string StatusName(OrderStatus status) => status.ToString().ToLowerInvariant();
}
