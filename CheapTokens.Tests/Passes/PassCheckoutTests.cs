using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Supply;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Supply;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static CheapTokens.Tests.Support.November2026;

namespace CheapTokens.Tests.Passes;

public class PassCheckoutTests : IAsyncLifetime
{
    private const string ApiKey = "vapi_pass_secret_0123456789";
    private static readonly DateOnly Today = new(2026, 11, 21);
    private StoreHost _store = null!;

    private CheckoutService Checkout => _store.Get<CheckoutService>();

    private QuoteService Quotes => _store.Get<QuoteService>();

    private OrderFulfillment Fulfillment => _store.Get<OrderFulfillment>();

    private PaymentSettlement Settlement => _store.Get<PaymentSettlement>();

    public async ValueTask InitializeAsync() => _store = await StoreScenarios.StartCheckoutAsync(dailySupply: 50);

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    private Task<int> SoldAsync(int novemberDay) => _store.SoldAsync(new DateOnly(2026, 11, novemberDay));

    [Fact]
    public async Task APassQuoteLocksEachDatesPriceAndIsStoredWithItsDates()
    {
        var quote = await _store.PassQuoteAsync(4, "2026-11-22", "2026-11-21");

        Assert.Equal((Product.Pass, 4, 8), (quote.Product, quote.DiemPerDay!.Value, quote.Credits));
        Assert.Equal([(Today, 0.635m, 2.54m), (Today.AddDays(1), 0.75m, 3.00m)], quote.DatesInOrder().Select(d => (d.Date, d.UnitPrice, d.Price)));
        Assert.Equal(5.54m, quote.Total);
        Assert.Equal(StoreHost.Afternoon.AddSeconds(60), quote.ExpiresAt);

        await using var db = await _store.OpenDbAsync();
        var stored = await db.Quotes.AsNoTracking().Include(q => q.Dates).SingleAsync(q => q.Id == quote.Id);
        Assert.Equal(2, stored.Dates.Count);
        Assert.Equal(Product.Pass, stored.Product);
    }

    [Fact]
    public async Task BadPassInputIsReportedUnderItsFieldNamingEachBadDate()
    {
        var result = await Quotes.CreatePassQuoteAsync(0, ["2026-11-20", "2026-11-22", "2026-11-22", "2027-01-01", "soon"], default);

        var errors = Assert.IsType<CreateQuoteResult.Invalid>(result).Errors;
        Assert.Contains("diemPerDay", errors.Keys);
        var dates = errors["dates"];
        Assert.Equal(4, dates.Length);
        Assert.Contains(dates, m => m.Contains("2026-11-20"));
        Assert.Contains(dates, m => m.Contains("2026-11-22"));
        Assert.Contains(dates, m => m.Contains("2027-01-01"));
        Assert.Contains(dates, m => m.Contains("'soon'"));
        Assert.Equal(0, await _store.QuoteCountAsync());
    }

    [Fact]
    public async Task APassQuoteOverADateWithoutEnoughLeftIsSoldOutNamingTheDate()
    {
        Assert.True(await _store.SellElsewhereAsync(48, Today.AddDays(2)));

        var result = await Quotes.CreatePassQuoteAsync(5, ["2026-11-22", "2026-11-23"], default);

        Assert.Equal([new DateRemaining(Today.AddDays(2), 2)], Assert.IsType<CreateQuoteResult.DatesSoldOut>(result).Dates);
    }

    [Fact]
    public async Task PlacingAPassReservesTheDiemPerDayOnEveryDateAndPlansItsRuns()
    {
        var order = await _store.PaidPassAsync(5, "2026-11-21", "2026-11-22", "2026-11-25");

        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal((5, 5, 0, 0, 5), (await SoldAsync(21), await SoldAsync(22), await SoldAsync(23), await SoldAsync(24), await SoldAsync(25)));
        Assert.Equal([(1, StoreHost.Afternoon, Midnight(23)), (2, Midnight(25), Midnight(26))],
            order.Runs.Select(r => (r.RunNumber, r.MintAt, r.ExpiresAt)));
        Assert.Equal([order.Id], _store.Provisioning().Orders);
    }

    [Fact]
    public async Task TwentyConcurrentPassesOverOverlappingDatesNeverOversellAnyDate()
    {
        // Supply 50 a day, 5 diem a pass: at most 10 passes fit on any date.
        string[][] patterns = [["2026-11-22", "2026-11-23"], ["2026-11-23", "2026-11-24"], ["2026-11-22", "2026-11-24"], ["2026-11-23"]];
        var quotes = new List<Quote>();
        for (var i = 0; i < 20; i++) quotes.Add(await _store.PassQuoteAsync(5, patterns[i % patterns.Length]));

        var results = await Task.WhenAll(quotes.Select(q => Task.Run(() => _store.PlaceAsync(q.Id, StoreScenarios.NewKey()))));

        Assert.All(results, r => Assert.True(r is PlaceOrderResult.Placed or PlaceOrderResult.DatesSoldOut, r.ToString()));
        var placed = results.OfType<PlaceOrderResult.Placed>().Select(p => p.Order.OrderId).ToHashSet();
        var orders = (await _store.OrdersAsync()).Where(o => placed.Contains(o.Id)).ToList();
        foreach (var day in new[] { 22, 23, 24 })
        {
            var date = new DateOnly(2026, 11, day);
            var sold = await SoldAsync(day);
            Assert.True(sold <= 50, $"{date} oversold: {sold}");
            Assert.Equal(5 * orders.Count(o => o.ReservedDates.Contains(date)), sold);
        }
        // Every quote covers the 23rd or not; those covering it can only fill it once.
        Assert.Equal(50, await SoldAsync(23));
        Assert.All(results.OfType<PlaceOrderResult.DatesSoldOut>(), r => Assert.NotEmpty(r.Dates));
        Assert.Equal(placed.Count, (await _store.PaymentsAsync()).Count);
    }

    [Fact]
    public async Task DateAvailabilityListsTheHorizonWithRemainingSupplyAndPrices()
    {
        Assert.True(await _store.SellElsewhereAsync(50, Today.AddDays(1)));
        Assert.True(await _store.SellElsewhereAsync(20, Today.AddDays(2)));

        var dates = await _store.Get<PassDateAvailability>().GetAsync(default);

        Assert.Equal(30, dates.Count);
        Assert.Equal(Today, dates[0].Date);
        Assert.Equal(Today.AddDays(29), dates[^1].Date);
        Assert.Equal(new DateAvailability(Today, 50, false, 0.635m), dates[0]);
        Assert.Equal(new DateAvailability(Today.AddDays(1), 0, true, 0.75m), dates[1]);
        Assert.Equal(new DateAvailability(Today.AddDays(2), 30, false, 0.75m), dates[2]);
    }

    [Fact]
    public async Task TheWorkerGetsEachRunWhenItIsDueWithAnEpochLimitAndTheRunsOwnDescription()
    {
        var order = await _store.PaidPassAsync(5, "2026-11-21", "2026-11-23");

        var first = Assert.IsType<NextRun.Due>(await Fulfillment.StartNextRunAsync(order.Id, default)).Job;
        Assert.Equal((5, Midnight(22), VeniceNames.DailyLimitPeriod, 1, false), (first.Credits, first.ExpiresAt, first.LimitPeriod, first.RunNumber, first.Resumed));
        Assert.Equal($"{OrderFulfillment.KeyDescriptionFor(order.Id)} run 1", first.KeyDescription);
        Assert.True(first.KeyDescription.Length <= 64);
        await Fulfillment.RecordKeyAsync(order.Id, first.OrderKeyId, "vk_1", ApiKey, first.ExpiresAt, default);

        var notYet = Assert.IsType<NextRun.NotYet>(await Fulfillment.StartNextRunAsync(order.Id, default));
        Assert.Equal(Midnight(23), notYet.MintAt);
        Assert.Equal(OrderStatus.Provisioning, (await _store.OrderByTokenAsync(order.Token)).Status);
        Assert.Equal([new ScheduledRun(order.Id, notYet.OrderKeyId, 2, Midnight(23))], await _store.Get<OrderStore>().ListRunsDueAsync(Midnight(23), default));
        Assert.Empty(await _store.Get<OrderStore>().ListRunsDueAsync(Midnight(23).AddTicks(-1), default));

        _store.Clock.SetUtcNow(Midnight(23));
        var second = Assert.IsType<NextRun.Due>(await Fulfillment.StartNextRunAsync(order.Id, default)).Job;
        Assert.Equal((notYet.OrderKeyId, 2, Midnight(24)), (second.OrderKeyId, second.RunNumber, second.ExpiresAt));
        var done = await Fulfillment.RecordKeyAsync(order.Id, second.OrderKeyId, "vk_2", ApiKey + "2", second.ExpiresAt, default);

        Assert.Equal(OrderStatus.Fulfilled, done.Status);
        Assert.IsType<NextRun.Nothing>(await Fulfillment.StartNextRunAsync(order.Id, default));
        Assert.Empty(await _store.Get<OrderStore>().ListRunsDueAsync(DateTimeOffset.MaxValue, default));
    }

    [Fact]
    public async Task APassStartingLaterIsNotDueAndStaysPaid()
    {
        var order = await _store.PaidPassAsync(5, "2026-11-24");

        var next = Assert.IsType<NextRun.NotYet>(await Fulfillment.StartNextRunAsync(order.Id, default));

        Assert.Equal(Midnight(24), next.MintAt);
        Assert.Equal(OrderStatus.Paid, (await _store.OrderByTokenAsync(order.Token)).Status);
        var again = Assert.IsType<NextRun.NotYet>(await Fulfillment.StartNextRunAsync(order.Id, default));
        Assert.Equal((next.OrderKeyId, Midnight(24)), (again.OrderKeyId, again.MintAt));
        Assert.Equal(OrderStatus.Paid, (await _store.OrderByTokenAsync(order.Token)).Status);
    }

    [Fact]
    public async Task ACreditsJobHasNoLimitPeriodAndKeepsTheOrderDescription()
    {
        var order = await _store.PaidOrderAsync(credits: 3);

        var job = Assert.IsType<NextRun.Due>(await Fulfillment.StartNextRunAsync(order.Id, default)).Job;

        Assert.Null(job.LimitPeriod);
        Assert.Equal(OrderFulfillment.KeyDescriptionFor(order.Id), job.KeyDescription);
    }

    [Fact]
    public async Task FailingAPassRefundsItWholeReleasesEveryDateAndListsMintedKeysToRevoke()
    {
        var order = await _store.PaidPassAsync(5, "2026-11-21", "2026-11-23");
        var first = Assert.IsType<NextRun.Due>(await Fulfillment.StartNextRunAsync(order.Id, default)).Job;
        await Fulfillment.RecordKeyAsync(order.Id, first.OrderKeyId, "vk_1", ApiKey, first.ExpiresAt, default);

        var outcome = await Settlement.FailAndRefundAsync(order.Id, "Venice refused the second key.", default);

        Assert.True(outcome.Refunded);
        Assert.Equal(["vk_1"], outcome.MintedKeyIds);
        var refunded = await _store.OrderByTokenAsync(order.Token);
        Assert.Equal(OrderStatus.Refunded, refunded.Status);
        Assert.Equal((0, 0), (await SoldAsync(21), await SoldAsync(23)));
        var refund = Assert.Single(await _store.SandboxRefundsAsync());
        Assert.Equal(order.Total, refund.Amount);
        Assert.Equal(PaymentState.Refunded, Assert.Single(await _store.PaymentsAsync()).State);
    }

    [Fact]
    public async Task OrderDetailsListEveryRunWithItsKeyOnceMinted()
    {
        var order = await _store.PaidPassAsync(5, "2026-11-21", "2026-11-23");
        var first = Assert.IsType<NextRun.Due>(await Fulfillment.StartNextRunAsync(order.Id, default)).Job;
        await Fulfillment.RecordKeyAsync(order.Id, first.OrderKeyId, "vk_1", ApiKey, first.ExpiresAt, default);

        var details = (await _store.Get<OrderQueries>().GetByTokenAsync(order.Token, default))!;

        Assert.Equal((Product.Pass, 5, Midnight(24)), (details.Summary.Product, details.Summary.DiemPerDay!.Value, details.Summary.ExpiresAt!.Value));
        Assert.Equal((ApiKey, "vk_1"), (details.ApiKey, details.VeniceKeyId));
        Assert.Equal([(OrderKeyStatus.Minted, ApiKey), (OrderKeyStatus.Scheduled, null)], details.Runs.Select(r => (r.Status, r.ApiKey)));
    }
}
