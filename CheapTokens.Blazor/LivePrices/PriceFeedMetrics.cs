using System.Diagnostics.Metrics;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>
/// Publishes how many live pages and hub relays follow the price feed, as the gauge
/// <c>cheaptokens.live_prices.subscribers</c> of the meter <see cref="MeterName"/>, for whatever collects the app's metrics.
/// </summary>
/// Hosted so the gauge exists from start-up on.
public sealed class PriceFeedMetrics : IHostedService
{
    public const string MeterName = "CheapTokens.LivePrices";
    public const string SubscribersInstrument = "cheaptokens.live_prices.subscribers";

    public PriceFeedMetrics(PriceFeed feed, IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge(SubscribersInstrument, () => feed.SubscriberCount, unit: "{subscriber}",
            description: "Live pages and hub relays subscribed to the price feed.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
