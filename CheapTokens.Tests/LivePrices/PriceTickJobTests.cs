using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Pricing;
using CheapTokens.Core.Supply;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.LivePrices;

public class PriceTickJobTests
{
    private sealed class FixedSales(int dailySupply, int sold) : ISupplyLedger
    {
        public int DailySupply => dailySupply;

        public Task<IReadOnlyList<DateRemaining>> GetRemainingAsync(IReadOnlyList<DateOnly> utcDates, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DateRemaining>>(utcDates.Select(d => new DateRemaining(d, Math.Max(0, dailySupply - sold))).ToList());
    }

    private static (PriceTickJob Job, PriceFeed Feed) Create(TimeProvider clock, int sold = 0)
    {
        var feed = new PriceFeed(NullLogger<PriceFeed>.Instance);
        var board = new PriceBoard(new LivePricing(PricingSettings.From(AppSettings.Pricing(), new PassOptions()), new PassOptions()), new FixedSales(500, sold), clock);
        return (new PriceTickJob(board, feed, NullLogger<PriceTickJob>.Instance), feed);
    }

    [Fact]
    public async Task AdvancingTheClockPublishesANewSnapshot()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 19, 0, 0, TimeSpan.Zero));
        var (job, feed) = Create(clock);

        await job.TickAsync(CancellationToken.None);
        var first = feed.Latest!;
        clock.Advance(TimeSpan.FromMinutes(10));
        await job.TickAsync(CancellationToken.None);
        var second = feed.Latest!;

        Assert.Equal(clock.GetUtcNow(), second.AsOf);
        Assert.True(second.UnitPrice < first.UnitPrice, $"{second.UnitPrice} should be below {first.UnitPrice}");
        Assert.Equal(first.UntilMidnight - TimeSpan.FromMinutes(10), second.UntilMidnight);
    }

    [Fact]
    public async Task SnapshotReportsTodaysRemainingSupply()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 19, 0, 0, TimeSpan.Zero));
        var (job, feed) = Create(clock, sold: 120);

        await job.TickAsync(CancellationToken.None);

        Assert.Equal(380, feed.Latest!.Supply.Remaining);
    }

    [Fact]
    public async Task SubscribersReceiveEachPublishedTick()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 19, 0, 0, TimeSpan.Zero));
        var (job, feed) = Create(clock);
        var received = new TaskCompletionSource<PriceSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = feed.Subscribe(s => { received.TrySetResult(s); return Task.CompletedTask; });

        await job.TickAsync(CancellationToken.None);

        var snapshot = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(clock.GetUtcNow(), snapshot.AsOf);
    }
}
