using System.Text.Json;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Supply;

namespace CheapTokens.Blazor.Checkout;

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

    /// <summary>The answer to save for a refusal that placed no order; null for answers that are not saved.</summary>
    public static SavedAnswer? ForRefusal(PlaceOrderResult result) => result switch
    {
        PlaceOrderResult.SoldOut soldOut => new(SoldOutKind, StatusCodes.Status409Conflict, Remaining: soldOut.Remaining),
        PlaceOrderResult.DatesSoldOut soldOut => new(DatesSoldOutKind, StatusCodes.Status409Conflict, Dates: soldOut.Dates),
        PlaceOrderResult.QuoteExpired expired => new(QuoteExpiredKind, StatusCodes.Status410Gone, ExpiredAt: expired.ExpiredAt),
        PlaceOrderResult.QuoteUsed => new(QuoteUsedKind, StatusCodes.Status409Conflict),
        _ => null,
    };

    /// <summary>The result this answer stands for; <paramref name="order"/> is the order it placed, if any.</summary>
    public PlaceOrderResult ToResult(Order? order, bool replayed)
    {
        OrderSummary Summary() => OrderSummary.Of(order ?? throw new InvalidOperationException("A saved order answer without its order.")) with
        {
            // The token comes from the saved answer: the orders table is not where a token is read back from.
            Token = Token!,
            Status = Enum.Parse<OrderStatus>(OrderStatus!),
        };

        return Kind switch
        {
            PlacedKind => new PlaceOrderResult.Placed(Summary(), replayed) { ClientSecret = ClientSecret },
            DeclinedKind => new PlaceOrderResult.PaymentDeclined(Summary(), FailureCode!, Message),
            SoldOutKind => new PlaceOrderResult.SoldOut(Remaining ?? 0),
            DatesSoldOutKind => new PlaceOrderResult.DatesSoldOut(Dates ?? []),
            QuoteExpiredKind => new PlaceOrderResult.QuoteExpired(ExpiredAt ?? default),
            QuoteUsedKind => new PlaceOrderResult.QuoteUsed(),
            _ => throw new InvalidOperationException($"Unknown saved answer '{Kind}'."),
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SavedAnswer FromJson(string json) =>
        JsonSerializer.Deserialize<SavedAnswer>(json, Json) ?? throw new InvalidOperationException("Empty saved answer.");
}
