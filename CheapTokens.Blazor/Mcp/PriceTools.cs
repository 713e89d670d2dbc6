using System.ComponentModel;
using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Core.Pricing;
using ModelContextProtocol.Server;

namespace CheapTokens.Blazor.Mcp;

/// <summary>The live board for agents: the price, its curve to midnight, and what is left to sell.</summary>
[McpServerToolType]
public sealed class PriceTools(PriceFeed feed, LivePricing pricing)
{
    [McpServerTool(Name = "get_price", Title = "Live price", ReadOnly = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("The live price of one credit (one diem of Venice API use; every credit lapses at the next 00:00 UTC), in USD: " +
                 "unitPrice now, listPrice and discountPercent, as of asOf, and nextMidnightUtc when the price resets. " +
                 "The same board as GET /api/prices. The price falls through the UTC day; a quote locks it for a short hold.")]
    public PriceResult GetPrice()
    {
        var board = PriceSnapshotDto.From(Latest());
        return new PriceResult(McpUnits.Usd, McpUnits.PerCredit, board.UnitPrice, board.ListPrice, board.DiscountPercent,
            board.AsOf, board.NextMidnightUtc, board.SecondsToMidnight, board.SoldOut, board.SalesPaused);
    }

    [McpServerTool(Name = "get_price_curve", Title = "Price until midnight", ReadOnly = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("The unit price of one credit in USD now and at each coming whole hour (UTC) until the next 00:00 UTC, " +
                 "plus the day's curve points (time of day HH:mm UTC, discount, unit price; linear between points). " +
                 "Use it to decide when to buy: the price only falls until midnight, but supply may sell out first.")]
    public PriceCurveResult GetPriceCurve()
    {
        var board = Latest();
        var curve = pricing.Curve;
        var prices = new List<HourPrice> { At(curve, board.AsOf) };
        var nextHour = new DateTimeOffset(board.AsOf.Year, board.AsOf.Month, board.AsOf.Day, board.AsOf.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        for (var hour = nextHour; hour < board.NextMidnightUtc; hour = hour.AddHours(1)) prices.Add(At(curve, hour));
        return new PriceCurveResult(McpUnits.Usd, McpUnits.PerCredit, board.AsOf, board.NextMidnightUtc, prices, board.Curve,
            "The first price is now; a quote locks the price of the moment it is made. Credits bought today lapse at nextMidnightUtc.");
    }

    [McpServerTool(Name = "get_supply", Title = "Supply left today", ReadOnly = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("What can still be bought today: creditsLeftToday of creditsOnSaleToday, ordersLeftToday (orders that can " +
                 "still get their key before 00:00 UTC; null when unknown), and salesPaused with pauseReason while the store " +
                 "has paused sales (quotes are then refused). Supply renews at supplyRenewsAt (00:00 UTC).")]
    public SupplyResult GetSupply()
    {
        var board = Latest();
        return new SupplyResult(board.Supply.Total, board.Supply.Remaining, board.SoldOut, board.OrdersLeftToday,
            board.SalesPausedReason is not null, board.SalesPausedReason, board.AsOf.ToUniversalTime(), board.NextMidnightUtc);
    }

    private PriceSnapshot Latest() =>
        feed.Latest ?? throw McpToolError.Because("Prices are not available yet (the store is starting); try again in a second.");

    private static HourPrice At(PriceCurve curve, DateTimeOffset instant) =>
        new(instant.ToUniversalTime(), curve.UnitPriceAt(instant), Math.Round(curve.DiscountPercentAt(instant), 4, MidpointRounding.AwayFromZero));
}
