using System.Diagnostics.Metrics;

namespace CheapTokens.Blazor.Telemetry;

/// <summary>An observable gauge on the store's meter, created by <see cref="StoreMetrics"/> from a feature's registration.</summary>
/// <param name="Create">Creates the gauge on the meter; its callback resolves the feature's services lazily, so a
/// collection before they exist reports nothing rather than building them.</param>
public sealed record StoreGauge(Action<Meter, IServiceProvider> Create);

public static class StoreGauges
{
    /// <summary>
    /// A gauge that reads a feature's state when collected: the feature registers it, so the store's instruments never
    /// import the features they measure.
    /// </summary>
    public static IServiceCollection AddStoreGauge(this IServiceCollection services, Action<Meter, IServiceProvider> create) =>
        services.AddSingleton(new StoreGauge(create));
}
