using CheapTokens.Blazor.Data;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Admin;

/// <summary>Today (UTC) so far, for the dashboard.</summary>
/// <param name="Revenue">What paid orders of today took (refunded ones not counted).</param>
/// <param name="AverageDiscountPercent">Off list, weighted by credits, over today's paid orders; null before the first sale.</param>
/// <param name="Quotes">Prices locked today; with <paramref name="Orders"/> (orders placed on them) the conversion.</param>
/// <param name="CreditsByHour">Credits sold in each UTC hour, 0–23.</param>
public sealed record TodaySummary(
    decimal Revenue,
    int CreditsSold,
    IReadOnlyList<(OrderStatus Status, int Count)> ByStatus,
    decimal? AverageDiscountPercent,
    int Quotes,
    int Orders,
    IReadOnlyList<int> CreditsByHour)
{
    public static readonly TodaySummary Empty = new(0, 0, [], null, 0, 0, new int[24]);

    /// <summary>Orders per quote, in percent; null before the first quote.</summary>
    public decimal? ConversionPercent => Quotes == 0 ? null : Math.Round(100m * Orders / Quotes, 1);
}

public sealed class ConsoleToday(IDbContextFactory<StoreDbContext> dbFactory, Pricing.LivePricing pricing, TimeProvider clock)
{
    public async Task<TodaySummary> LoadAsync(CancellationToken cancellationToken)
    {
        var dayStart = UtcDay.StartOf(UtcDay.DateOf(clock.GetUtcNow()));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var orders = await db.Orders.AsNoTracking().Where(o => o.CreatedAt >= dayStart)
            .Select(o => new { o.Status, o.Total, o.Credits, o.UnitPrice, o.CreatedAt }).ToListAsync(cancellationToken);
        var quotes = await db.Quotes.CountAsync(q => q.CreatedAt >= dayStart, cancellationToken);
        var charged = orders.Where(o => o.Status is OrderStatus.Paid or OrderStatus.Provisioning or OrderStatus.Fulfilled).ToList();
        var credits = charged.Sum(o => o.Credits);
        var listPrice = pricing.Curve.ListPrice;
        decimal? discount = credits == 0 || listPrice <= 0 ? null
            : Math.Round(100m * (1 - charged.Sum(o => o.UnitPrice * o.Credits) / (listPrice * credits)), 1);
        var byHour = new int[24];
        foreach (var o in charged) byHour[o.CreatedAt.UtcDateTime.Hour] += o.Credits;
        return new TodaySummary(
            charged.Sum(o => o.Total),
            credits,
            orders.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList(),
            discount,
            quotes,
            orders.Count,
            byHour);
    }
}
