using System.Text.Json;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Supply;

namespace CheapTokens.Blazor.Payments;

/// <summary>
/// The answer an Idempotency-Key got, as saved beside it (encrypted): enough to give the same status and body again,
/// after a restart too, without reading the order's token from the orders table.
/// </summary>
public sealed record SavedAnswer(
    string Kind,
    int Status,
    string? Token = null,
    string? OrderStatus = null,
    string? FailureCode = null,
    string? Message = null,
    int? Remaining = null,
    DateTimeOffset? ExpiredAt = null,
    IReadOnlyList<DateRemaining>? Dates = null,
    string? ClientSecret = null)
{
    public const string PlacedKind = "placed";
    public const string DeclinedKind = "declined";
    public const string SoldOutKind = "sold_out";
    public const string DatesSoldOutKind = "dates_sold_out";
    public const string QuoteExpiredKind = "quote_expired";
    public const string QuoteUsedKind = "quote_used";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="clientSecret">While the buyer's page must confirm the charge; saved sealed like the token.</param>
    public static SavedAnswer Placed(string token, OrderStatus status, string? clientSecret = null) =>
        new(PlacedKind, StatusCodes.Status201Created, token, status.ToString(), ClientSecret: clientSecret);

    public static SavedAnswer Declined(string token, string failureCode, string? message) =>
        new(DeclinedKind, StatusCodes.Status402PaymentRequired, token, nameof(Core.Orders.OrderStatus.Declined), failureCode, message);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SavedAnswer FromJson(string json) =>
        JsonSerializer.Deserialize<SavedAnswer>(json, Json) ?? throw new InvalidOperationException("Empty saved answer.");
}
