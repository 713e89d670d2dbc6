using System.Text.Json;
using System.Text.Json.Serialization;
using CheapTokens.Blazor.Api;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Pricing;

namespace CheapTokens.Blazor.Mcp;

// What the MCP tools answer, as JSON: money in USD (currency named), times as UTC instants, the API's field names.

/// <summary>get_price: the live board's price, as GET /api/prices has it.</summary>
public sealed record PriceResult(
    string Currency,
    string Unit,
    decimal UnitPrice,
    decimal ListPrice,
    decimal DiscountPercent,
    DateTimeOffset AsOf,
    DateTimeOffset NextMidnightUtc,
    long SecondsToMidnight,
    bool SoldOut,
    bool SalesPaused);

/// <summary>get_price_curve: the unit price now and at each coming whole hour before midnight.</summary>
public sealed record PriceCurveResult(
    string Currency,
    string Unit,
    DateTimeOffset AsOf,
    DateTimeOffset NextMidnightUtc,
    IReadOnlyList<HourPrice> Prices,
    IReadOnlyList<CurvePointSnapshot> CurvePoints,
    string Note);

public sealed record HourPrice(DateTimeOffset At, decimal UnitPrice, decimal DiscountPercent);

/// <summary>get_supply: what is left to sell today and whether the store sells.</summary>
public sealed record SupplyResult(
    int CreditsOnSaleToday,
    int CreditsLeftToday,
    bool SoldOut,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? OrdersLeftToday,
    bool SalesPaused,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PauseReason,
    DateTimeOffset AsOf,
    DateTimeOffset SupplyRenewsAt);

/// <summary>quote_credits and quote_pass: the quote as POST /api/quotes answers it, with the currency and what to do next.</summary>
public sealed record QuoteResult(
    Guid QuoteId,
    string Product,
    int Credits,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? DiemPerDay,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<QuoteDateResponse>? Dates,
    string Currency,
    decimal UnitPrice,
    decimal Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string Next)
{
    public static QuoteResult Of(Quote quote, string next)
    {
        var q = QuoteResponse.Of(quote);
        return new(q.Id, q.Product, q.Credits, q.DiemPerDay, q.Dates, McpUnits.Usd, q.UnitPrice, q.Total, q.CreatedAt, q.ExpiresAt, next);
    }
}

/// <summary>get_payment_requirement: how to pay a quote over x402.</summary>
/// <param name="Requirement">The x402 requirement exactly as the order endpoint's 402 carries it in <c>accepts</c>.</param>
/// <param name="Body">The JSON body to send to <paramref name="Url"/>, both without and with X-PAYMENT.</param>
public sealed record PaymentRequirementResult(
    Guid QuoteId,
    string Currency,
    decimal Total,
    string AmountInUsdcAtomicUnits,
    DateTimeOffset QuoteExpiresAt,
    string Method,
    Uri Url,
    JsonElement Body,
    int X402Version,
    JsonElement Requirement,
    string HowToPay);

/// <summary>The units the tools name in their answers.</summary>
internal static class McpUnits
{
    public const string Usd = "USD";

    public const string PerCredit = "USD per credit (one diem of Venice API use, valid until 00:00 UTC)";
}
