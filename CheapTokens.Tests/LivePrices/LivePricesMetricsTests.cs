using System.Diagnostics.Metrics;
using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Pricing;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.LivePrices;

public class LivePricesMetricsTests
{
    /// <summary>Listens to one store meter instance only: other tests' hosts publish the same instruments in this process.</summary>
    private sealed class Listener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Name, double Value)> _taken = [];

        public Listener(Meter meter, params string[] names)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && names.Contains(instrument.Name)) l.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Take(instrument.Name, value));
            _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Take(instrument.Name, value));
            _listener.Start();
        }

        public IReadOnlyList<double> Taken(string name)
        {
            lock (_taken) return _taken.Where(t => t.Name == name).Select(t => t.Value).ToList();
        }

        public double Observe(string name)
        {
            _listener.RecordObservableInstruments();
            return Taken(name)[^1];
        }

        private void Take(string name, double value)
        {
            lock (_taken) _taken.Add((name, value));
        }

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public async Task TheSubscribersGaugeFollowsPagesComingAndGoing()
    {
        await using var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));
        var feed = host.Services.GetRequiredService<PriceFeed>();
        using var listener = new Listener(host.Services.GetRequiredService<StoreMetrics>().Meter, "cheaptokens.live_prices.subscribers");

        var before = listener.Observe("cheaptokens.live_prices.subscribers");
        var page = feed.Subscribe(_ => Task.CompletedTask);
        var during = listener.Observe("cheaptokens.live_prices.subscribers");
        page.Dispose();
        var after = listener.Observe("cheaptokens.live_prices.subscribers");

        Assert.Equal((before + 1, before), (during, after));
    }

    [Fact]
    public async Task TickLagIsRecordedOncePerTickFromPublishingToTheLastPageHandedIt()
    {
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        await using var services = new ServiceCollection()
            .AddMetrics()
            .AddSingleton<TimeProvider>(clock)
            .AddOptions()
            .AddSingleton<StoreMetrics>()
            .BuildServiceProvider();
        var metrics = services.GetRequiredService<StoreMetrics>();
        using var listener = new Listener(metrics.Meter, "cheaptokens.price_tick.lag");
        using var feed = new PriceFeed(NullLogger<PriceFeed>.Instance, fanOutLanes: 2, metrics);
        var handed = new CountdownEvent(0);
        // Three pages on two lanes; each takes 100 ms (on the app's clock) to be handed a tick.
        var pages = Enumerable.Range(0, 3).Select(_ => feed.Subscribe(_ =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            handed.Signal();
            return Task.CompletedTask;
        })).ToList();

        foreach (var second in new[] { 1, 2 })
        {
            handed.Reset(3);
            feed.Publish(Board(second));
            Assert.True(handed.Wait(TimeSpan.FromSeconds(10)), "the pages were never handed the tick");
            await WaitUntilAsync(() => listener.Taken("cheaptokens.price_tick.lag").Count >= second);
        }
        await Task.Delay(100); // a second measurement of the same tick would have arrived by now

        Assert.Equal([0.3, 0.3], listener.Taken("cheaptokens.price_tick.lag").Select(s => Math.Round(s, 3)));
        pages.ForEach(p => p.Dispose());
    }

    private static PriceSnapshot Board(int second) =>
        PriceSnapshot.Compute(new PriceCurve(1m, [new CurvePoint(TimeSpan.Zero, 20m), new CurvePoint(TimeSpan.FromHours(24), 20m)]), new SupplySnapshot(100, 100),
            StoreHost.Afternoon.AddSeconds(second));

    private static async Task WaitUntilAsync(Func<bool> done)
    {
        for (var i = 0; i < 200 && !done(); i++) await Task.Delay(25);
        Assert.True(done(), "no tick lag was recorded");
    }
}
