using CheapTokens.Blazor.Admin;
using CheapTokens.Core.Orders;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Admin;

public class ConsoleTodayTests : CheckoutApiTest
{
    [Fact]
    public async Task TodayCountsPaidSalesByHourTheirAverageDiscountAndQuotesThatBecameOrders()
    {
        var empty = await _host.Get<ConsoleToday>().LoadAsync(default);
        Assert.Equal((0m, 0, 0, 0), (empty.Revenue, empty.CreditsSold, empty.Quotes, empty.Orders));
        Assert.Null(empty.AverageDiscountPercent);
        Assert.Null(empty.ConversionPercent);

        await _host.PaidOrderAsync(credits: 10); // 15:00, 36.5 % off $1
        _host.Clock.Advance(TimeSpan.FromHours(3)); // 18:00, 43 % off
        await _host.PaidOrderAsync(credits: 30);
        await _host.QuoteAsync(credits: 5); // locked, never ordered
        var declined = await _host.QuoteAsync(credits: 2);
        await _host.PlaceAsync(declined.Id, StoreScenarios.NewKey(), "sandbox_declined");

        var today = await _host.Get<ConsoleToday>().LoadAsync(default);

        Assert.Equal(10 * 0.635m + 30 * 0.57m, today.Revenue);
        Assert.Equal(40, today.CreditsSold);
        Assert.Equal(41.4m, today.AverageDiscountPercent); // (10 × 36.5 + 30 × 43) / 40 = 41.375
        Assert.Equal((4, 3), (today.Quotes, today.Orders));
        Assert.Equal(75m, today.ConversionPercent);
        Assert.Equal(10, today.CreditsByHour[15]);
        Assert.Equal(30, today.CreditsByHour[18]);
        Assert.Equal(40, today.CreditsByHour.Sum());
        Assert.Equal([(OrderStatus.Declined, 1), (OrderStatus.Paid, 2)], today.ByStatus.OrderBy(s => s.Status.ToString()));
    }
}
