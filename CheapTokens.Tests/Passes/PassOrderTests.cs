using CheapTokens.Core.Orders;
using CheapTokens.Core.Passes;
using static CheapTokens.Tests.Support.November2026;

namespace CheapTokens.Tests.Passes;

public class PassOrderTests
{
    private static readonly DateTimeOffset Afternoon = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    private static DateOnly Nov(int day) => new(2026, 11, day);

    private static Order PassOrder(int diemPerDay, params DateOnly[] dates)
    {
        var lines = dates.Select(d => new PassDatePrice(d, 0.75m, 0.75m * diemPerDay)).ToList();
        var quote = Quote.CreatePass(diemPerDay, lines, Afternoon);
        return Order.Create(quote, "buyer@example.com", "sandbox_ok", "key-pass-0001", Afternoon);
    }

    private static Order PaidPass(int diemPerDay, params DateOnly[] dates)
    {
        var order = PassOrder(diemPerDay, dates);
        order.MarkPaid("ch_1", Afternoon.AddSeconds(1));
        return order;
    }

    [Fact]
    public void APassQuoteCarriesItsDatesAndCountsDiemTimesDatesAsCredits()
    {
        var quote = Quote.CreatePass(5, [new PassDatePrice(Nov(23), 0.75m, 3.75m), new PassDatePrice(Nov(21), 0.635m, 3.18m)], Afternoon);

        Assert.Equal(Product.Pass, quote.Product);
        Assert.Equal((5, 10, 6.93m), (quote.DiemPerDay!.Value, quote.Credits, quote.Total));
        Assert.Equal([Nov(21), Nov(23)], quote.DatesInOrder().Select(d => d.Date));
        Assert.Equal(Nov(21), quote.SupplyDate);
        Assert.Equal(Afternoon.AddSeconds(60), quote.ExpiresAt);
    }

    [Fact]
    public void APassOrderPlansOneRunPerRunOfConsecutiveDates()
    {
        var order = PassOrder(5, Nov(21), Nov(22), Nov(25), Nov(26), Nov(27));

        Assert.Equal(Product.Pass, order.Product);
        Assert.Equal(5, order.DiemPerDay);
        Assert.Equal(25, order.Credits);
        var runs = order.Runs;
        Assert.Equal(2, runs.Count);
        Assert.Equal((1, Nov(21), Nov(22), 5, Afternoon, Midnight(23)),
            (runs[0].RunNumber, runs[0].DateFrom, runs[0].DateTo, runs[0].Credits, runs[0].MintAt, runs[0].ExpiresAt));
        Assert.Equal((2, Nov(25), Nov(27), 5, Midnight(25), Midnight(28)),
            (runs[1].RunNumber, runs[1].DateFrom, runs[1].DateTo, runs[1].Credits, runs[1].MintAt, runs[1].ExpiresAt));
        Assert.All(runs, r => Assert.Equal(OrderKeyStatus.Scheduled, r.Status));
    }

    [Fact]
    public void APassReservesItsDiemPerDayOnEveryCoveredDate()
    {
        var order = PassOrder(5, Nov(21), Nov(22), Nov(25));

        Assert.Equal([Nov(21), Nov(22), Nov(25)], order.ReservedDates);
        Assert.Equal(5, order.CreditsPerReservedDate);
    }

    [Fact]
    public void PayingAPassKeepsItsPlannedRunsAndItEndsAfterItsLastDate()
    {
        var order = PaidPass(5, Nov(22), Nov(24));

        Assert.Equal(2, order.Keys.Count);
        Assert.Equal(Midnight(25), order.KeyExpiresAt);
    }

    [Fact]
    public void OnlyADueRunIsHandedOutAndAFutureOnlyPassStaysPaid()
    {
        var order = PaidPass(5, Nov(23));

        Assert.Null(order.StartNextRun(Afternoon.AddMinutes(1), out _));
        Assert.Equal(OrderStatus.Paid, order.Status);

        var run = order.StartNextRun(Midnight(23), out var resumed);
        Assert.NotNull(run);
        Assert.False(resumed);
        Assert.Equal(OrderStatus.Provisioning, order.Status);
    }

    [Fact]
    public void HandingOutTheSameRunAgainIsAResume()
    {
        var order = PaidPass(5, Nov(21));
        var first = order.StartNextRun(Afternoon.AddSeconds(2), out _);

        var again = order.StartNextRun(Afternoon.AddSeconds(3), out var resumed);

        Assert.Same(first, again);
        Assert.True(resumed);
    }

    [Fact]
    public void APassStaysProvisioningUntilItsLastRunIsMinted()
    {
        var order = PaidPass(5, Nov(21), Nov(23));
        var first = order.StartNextRun(Afternoon.AddSeconds(2), out _)!;
        order.RecordKey(first.Id, "vk_1", "sealed1", "hint01", Midnight(22), Afternoon.AddSeconds(3));

        Assert.Equal(OrderStatus.Provisioning, order.Status);
        Assert.Null(order.StartNextRun(Afternoon.AddHours(1), out _));
        Assert.Equal(Midnight(23), order.NextScheduledRun!.MintAt);

        var second = order.StartNextRun(Midnight(23), out _)!;
        Assert.Equal(2, second.RunNumber);
        order.RecordKey(second.Id, "vk_2", "sealed2", "hint02", Midnight(24), Midnight(23).AddSeconds(1));

        Assert.Equal(OrderStatus.Fulfilled, order.Status);
        Assert.All(order.Keys, k => Assert.Equal(OrderKeyStatus.Minted, k.Status));
    }

    [Fact]
    public void RecordingAKeyTargetsTheNamedRun()
    {
        var order = PaidPass(5, Nov(21), Nov(23));
        order.StartNextRun(Afternoon.AddSeconds(2), out _);
        var later = order.Runs[1];

        order.RecordKey(later.Id, "vk_2", "sealed2", "hint02", Midnight(24), Afternoon.AddSeconds(3));

        Assert.Equal([OrderKeyStatus.Scheduled, OrderKeyStatus.Minted], order.Runs.Select(r => r.Status));
        Assert.Throws<InvalidOperationException>(() => order.RecordKey(later.Id, "vk_3", "s", "h", Midnight(24), Afternoon.AddSeconds(4)));
    }

    [Fact]
    public void FailingAPassCancelsTheRunsNotYetMinted()
    {
        var order = PaidPass(5, Nov(21), Nov(23));
        var first = order.StartNextRun(Afternoon.AddSeconds(2), out _)!;
        order.RecordKey(first.Id, "vk_1", "sealed1", "hint01", Midnight(22), Afternoon.AddSeconds(3));

        order.Fail("venice refused", Afternoon.AddHours(1));

        Assert.Equal([OrderKeyStatus.Minted, OrderKeyStatus.Cancelled], order.Runs.Select(r => r.Status));
        Assert.Throws<InvalidOperationException>(() => order.StartNextRun(Midnight(23), out _));
    }

    [Fact]
    public void ACreditsOrderStillGetsItsSingleRunWhenPaid()
    {
        var order = Order.Create(Quote.Create(3, 0.7m, Afternoon), "buyer@example.com", "sandbox_ok", "key-credits-1", Afternoon);
        Assert.Empty(order.Keys);

        order.MarkPaid("ch_1", Afternoon.AddSeconds(1));

        var run = Assert.Single(order.Keys);
        Assert.Equal((Product.Credits, 3, Afternoon.AddSeconds(1), Midnight(22)), (order.Product, run.Credits, run.MintAt, run.ExpiresAt));
        Assert.Equal([Nov(21)], order.ReservedDates);
        Assert.Equal(3, order.CreditsPerReservedDate);
    }
}
