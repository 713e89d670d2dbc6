using CheapTokens.Blazor.LivePrices;
using CheapTokens.Core.Pricing;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CheapTokens.Tests.LivePrices;

public class PriceFeedTests
{
    private static readonly PriceCurve Curve = AppSettings.Pricing().BuildCurve();

    private static PriceSnapshot At(int second) =>
        PriceSnapshot.Compute(Curve, new SupplySnapshot(100, 100), new DateTimeOffset(2026, 1, 15, 20, 0, second, TimeSpan.Zero));

    [Fact]
    public void LatestIsTheLastPublishedSnapshot()
    {
        var feed = new PriceFeed(NullLogger<PriceFeed>.Instance);
        feed.Publish(At(1));
        feed.Publish(At(2));
        Assert.Equal(At(2).AsOf, feed.Latest!.AsOf);
    }

    [Fact]
    public async Task ASlowSubscriberDoesNotDelayTheOthersAndSkipsToTheLatest()
    {
        var feed = new PriceFeed(NullLogger<PriceFeed>.Instance);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowSeen = new List<DateTimeOffset>();
        var fastSawLast = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowSawLast = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var last = At(30).AsOf;

        using var slow = feed.Subscribe(async s =>
        {
            await release.Task;
            lock (slowSeen) slowSeen.Add(s.AsOf);
            if (s.AsOf == last) slowSawLast.TrySetResult();
        });
        using var fast = feed.Subscribe(s =>
        {
            if (s.AsOf == last) fastSawLast.TrySetResult();
            return Task.CompletedTask;
        });

        for (var second = 1; second <= 30; second++) feed.Publish(At(second));

        // The fast subscriber gets the last tick while the slow one is still stuck on its first.
        await fastSawLast.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(slowSawLast.Task.IsCompleted);

        release.SetResult();
        await slowSawLast.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (slowSeen) Assert.True(slowSeen.Count <= 2, $"the slow subscriber should skip stale ticks, saw {slowSeen.Count}");
    }

    [Fact]
    public void DisposingASubscriptionRemovesIt()
    {
        var feed = new PriceFeed(NullLogger<PriceFeed>.Instance);
        var a = feed.Subscribe(_ => Task.CompletedTask);
        var b = feed.Subscribe(_ => Task.CompletedTask);
        Assert.Equal(2, feed.SubscriberCount);
        a.Dispose();
        a.Dispose();
        Assert.Equal(1, feed.SubscriberCount);
        b.Dispose();
        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public async Task AFailingSubscriberKeepsReceivingLaterTicks()
    {
        var feed = new PriceFeed(NullLogger<PriceFeed>.Instance);
        var calls = 0;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = feed.Subscribe(_ =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                second.TrySetResult();
                return Task.CompletedTask;
            }
            first.TrySetResult();
            throw new InvalidOperationException("boom");
        });

        feed.Publish(At(1));
        await first.Task.WaitAsync(TimeSpan.FromSeconds(10));
        feed.Publish(At(2));

        await second.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
