using System.Diagnostics.Metrics;
using CheapTokens.Blazor.LivePrices;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.LivePrices;

public class PriceFeedMetricsTests
{
    private static long ReadSubscribers(MeterListener listener, ref long latest, object gate)
    {
        listener.RecordObservableInstruments();
        lock (gate) return latest;
    }

    [Fact]
    public async Task TheSubscribersGaugeFollowsPagesComingAndGoing()
    {
        await using var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));
        var feed = host.Services.GetRequiredService<PriceFeed>();
        // The app's meter factory hands back the same meter for the same name: listen to this host's only, since
        // other tests' hosts publish the same gauge in this process.
        var meter = host.Services.GetRequiredService<IMeterFactory>().Create(PriceFeedMetrics.MeterName);
        var gate = new object();
        long latest = -1;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == PriceFeedMetrics.SubscribersInstrument)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => { lock (gate) latest = value; });
        listener.Start();

        var before = ReadSubscribers(listener, ref latest, gate);
        var page = feed.Subscribe(_ => Task.CompletedTask);
        var during = ReadSubscribers(listener, ref latest, gate);
        page.Dispose();
        var after = ReadSubscribers(listener, ref latest, gate);

        Assert.True(before >= 0, "the gauge was never published");
        Assert.Equal((before + 1, before), (during, after));
    }
}
