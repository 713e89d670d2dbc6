using CheapTokens.Blazor.LivePrices;
using CheapTokens.Core.Pricing;
using System.Collections.Concurrent;
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
        using var feed = new PriceFeed(NullLogger<PriceFeed>.Instance);
        feed.Publish(At(1));
        feed.Publish(At(2));
        Assert.Equal(At(2).AsOf, feed.Latest!.AsOf);
    }

    [Fact]
    public async Task ASlowSubscriberDoesNotDelayTheOthersAndSkipsToTheLatest()
    {
        using var feed = new PriceFeed(NullLogger<PriceFeed>.Instance);
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
        using var feed = new PriceFeed(NullLogger<PriceFeed>.Instance);
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
        using var feed = new PriceFeed(NullLogger<PriceFeed>.Instance);
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

    [Fact]
    public void TicksAreDeliveredOnTheFeedsOwnLanesSoTheThreadPoolStaysFreeForRequests()
    {
        using var feed = new PriceFeed(NullLogger<PriceFeed>.Instance, fanOutLanes: 2);
        var threads = new ConcurrentDictionary<int, (string? Name, bool Pool)>();
        var seen = new CountdownEvent(4);
        var last = At(1).AsOf;
        var subscriptions = Enumerable.Range(0, 4).Select(_ => feed.Subscribe(s =>
        {
            if (s.AsOf == last)
            {
                threads.TryAdd(Environment.CurrentManagedThreadId, (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread));
                seen.Signal();
            }
            return Task.CompletedTask;
        })).ToList();

        feed.Publish(At(1));

        Assert.True(seen.Wait(TimeSpan.FromSeconds(10)), "every subscriber should get the tick");
        // Four subscribers dealt over the two lanes: two threads, neither from the pool.
        Assert.Equal(2, threads.Count);
        Assert.All(threads.Values, t =>
        {
            Assert.False(t.Pool);
            Assert.StartsWith("price fan-out", t.Name);
        });
        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task ASubscriberGetsOnlySnapshotsPublishedAfterItSubscribed()
    {
        using var feed = new PriceFeed(NullLogger<PriceFeed>.Instance);
        feed.Publish(At(1));
        var first = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = feed.Subscribe(s =>
        {
            first.TrySetResult(s.AsOf);
            return Task.CompletedTask;
        });

        feed.Publish(At(2));

        // The page read Latest when it rendered; it is not handed the same snapshot again.
        Assert.Equal(At(2).AsOf, await first.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task AHandlerIsNeverCalledAgainBeforeItsLastCallFinished()
    {
        using var feed = new PriceFeed(NullLogger<PriceFeed>.Instance);
        var running = 0;
        var mostAtOnce = 0;
        var sawLast = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var last = At(50).AsOf;
        using var subscription = feed.Subscribe(async s =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            if (s.AsOf == last) sawLast.TrySetResult();
        });

        for (var second = 1; second <= 50; second++) feed.Publish(At(second));

        await sawLast.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, mostAtOnce);
    }

    [Fact]
    public void AClosedFeedTakesNoNewSubscribers()
    {
        var feed = new PriceFeed(NullLogger<PriceFeed>.Instance);
        feed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => feed.Subscribe(_ => Task.CompletedTask));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void FanOutLanesMustBeBetweenZeroAndSixtyFour(int lanes, bool valid)
    {
        var errors = new LivePricesOptions { FanOutLanes = lanes }.Validate();
        if (valid) Assert.Empty(errors);
        else Assert.Contains(errors, e => e.Contains("LivePrices:FanOutLanes must be between 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheStoresFeedHasTheConfiguredNumberOfLanes()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["LivePrices:FanOutLanes"] = "3" });
        Assert.Equal(3, host.Get<PriceFeed>().FanOutLanes);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
