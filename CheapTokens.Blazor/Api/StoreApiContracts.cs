using System.Text.Json.Serialization;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;

namespace CheapTokens.Blazor.Api;

/// <summary>
/// POST /api/quotes: either <paramref name="Credits"/> for today, or <paramref name="DiemPerDay"/> with <paramref name="Dates"/>
/// (yyyy-MM-dd, UTC) for a pass. Described for the OpenAPI document; the endpoint reads the body field by field so
/// each bad field gets its own message.
/// </summary>
public sealed record CreateQuoteRequest(int? Credits, int? DiemPerDay, IReadOnlyList<string>? Dates);

/// <summary>POST /api/orders, with the Idempotency-Key header.</summary>
/// <param name="PaymentMethod">A Stripe PaymentMethod id (test mode: pm_card_visa ...), or a sandbox method name when the
/// store runs the sandbox. Omitted with Stripe: the answer carries a clientSecret to confirm in the buyer's page.</param>
public sealed record PlaceOrderRequest(Guid QuoteId, string Email, string? PaymentMethod);

/// <param name="Product">"credits" or "pass".</param>
/// <param name="Credits">Credits; for a pass diem per day × dates.</param>
/// <param name="UnitPrice">For a pass the average over its dates; each date's is in <paramref name="Dates"/>.</param>
public sealed record QuoteResponse(
    Guid Id,
    int Credits,
    decimal UnitPrice,
    decimal Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string Product = "credits",
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? DiemPerDay = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<QuoteDateResponse>? Dates = null)
{
    public static QuoteResponse Of(Quote quote) =>
        new(quote.Id, quote.Credits, quote.UnitPrice, quote.Total, quote.CreatedAt, quote.ExpiresAt, ProductName(quote.Product),
            quote.DiemPerDay,
            quote.Product == Core.Orders.Product.Pass ? quote.DatesInOrder().Select(d => new QuoteDateResponse(d.Date, d.UnitPrice, d.Price)).ToList() : null);

    public static string ProductName(Product product) => product.ToString().ToLowerInvariant();
}

/// <summary>One date of a pass quote: its unit price per diem and its price for the day's diem.</summary>
public sealed record QuoteDateResponse(DateOnly Date, decimal UnitPrice, decimal Price);

/// <summary>One date on sale for a pass.</summary>
public sealed record DateAvailabilityResponse(DateOnly Date, int Remaining, bool SoldOut, decimal UnitPrice);

/// <param name="Token">The order's secret handle, given out once: absent when the same Idempotency-Key is replayed (the store keeps only its hash).</param>
/// <param name="ClientSecret">With a card processor and no paymentMethod: the payment intent's client secret, for the
/// buyer's own page to confirm with stripe.js (<c>status</c> stays <c>created</c> until then).</param>
public sealed record PlacedOrderResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ClientSecret = null)
{
    /// <summary><see cref="Status"/> in the store's words (Core's <see cref="OrderStages"/>), as its pages and receipts say it.</summary>
    public string StatusText => Enum.TryParse<OrderStatus>(Status, ignoreCase: true, out var status) ? OrderStages.Word(OrderStages.Of(status, keysOut: 0)) : Status;
}

/// <param name="Status">The state code programs branch on (stable); <paramref name="StatusText"/> is the same in the store's words.</param>
public sealed record OrderResponse(
    string Token,
    string Status,
    string StatusText,
    int Credits,
    decimal UnitPrice,
    decimal Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApiKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? VeniceKeyId,
    string Product,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? DiemPerDay,
    IReadOnlyList<OrderRunResponse> Runs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OrderQueueResponse? Queue = null)
{
    /// <param name="place">Where a paid order waits for its key while Venice paces key creation; null when it does not wait.</param>
    public static OrderResponse Of(OrderDetails details, QueuePlace? place = null)
    {
        var s = details.Summary;
        var waiting = s.Status is OrderStatus.Paid or OrderStatus.Provisioning && place is not null;
        return new(s.Token ?? "", StatusName(s.Status), OrderStages.Word(details.Stage), s.Credits, s.UnitPrice, s.Total, s.CreatedAt, s.ExpiresAt, details.ApiKey, details.VeniceKeyId,
            QuoteResponse.ProductName(s.Product), s.DiemPerDay, details.Runs.Select(r => OrderRunResponse.Of(r, s.Status, details.ReadAt)).ToList(),
            waiting ? new OrderQueueResponse(place!.Position, (int)Math.Ceiling(place.EstimatedWait.TotalSeconds)) : null);
    }

    public static string StatusName(OrderStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>
/// Why a paid order has no key yet: Venice lets an account create only so many keys a minute, so orders wait in line.
/// </summary>
/// <param name="Position">Orders ahead of this one (0: next).</param>
/// <param name="EstimatedWaitSeconds">About how long until its key, at the current pace.</param>
public sealed record OrderQueueResponse(int Position, int EstimatedWaitSeconds);

/// <summary>One key of an order: for a pass one per run of consecutive dates, minted at mintAt, ending at expiresAt.</summary>
/// <param name="Credits">The key's limit: the credits, or a pass's diem per UTC day.</param>
/// <param name="Status">"scheduled", "minted" or "cancelled".</param>
/// <param name="StatusText">This key in the store's words: Scheduled, Issuing key, Ready, Expired, Revoked, or the order's own when it was never issued.</param>
public sealed record OrderRunResponse(
    int RunNumber,
    DateOnly DateFrom,
    DateOnly DateTo,
    int Credits,
    string Status,
    string StatusText,
    DateTimeOffset MintAt,
    DateTimeOffset ExpiresAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApiKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? VeniceKeyId)
{
    public static OrderRunResponse Of(OrderRunDetails run, OrderStatus orderStatus, DateTimeOffset now) =>
        new(run.RunNumber, run.DateFrom, run.DateTo, run.Credits, run.Status.ToString().ToLowerInvariant(),
            OrderStages.Word(run.StageAt(orderStatus, now)), run.MintAt, run.ExpiresAt, run.ApiKey, run.VeniceKeyId);
}
