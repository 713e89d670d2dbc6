using CheapTokens.Blazor.Api;
using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Blazor.Scheduling;
using CheapTokens.Blazor.Security;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Pricing;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>The "LivePrices" configuration section.</summary>
public sealed class LivePricesOptions
{
    public const string SectionName = "LivePrices";

    /// <summary>How often the price board is recomputed and pushed to every open page.</summary>
    public int TickIntervalMilliseconds { get; set; } = 1000;

    /// <summary>
    /// A page hidden this long (a background tab, a phone gone to sleep) hands its state to the browser and frees
    /// its circuit; it resumes with the current price when shown again. A page in the middle of buying is never
    /// paused. 0 turns pausing off.
    /// </summary>
    public int PauseHiddenPagesAfterSeconds { get; set; } = 15;

    /// <summary>
    /// Hub clients are dealt into this many groups, sent to in parallel on each tick; 0 means one per processor.
    /// One by default: on the 2-core machine, with the load client beside the app, parallel sends measured no better.
    /// </summary>
    public int HubSendPartitions { get; set; } = 1;

    /// <summary>
    /// Threads that carry each tick to the open pages (see <see cref="PriceFeed"/>); 0 means one per processor.
    /// </summary>
    public int FanOutLanes { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (HubSendPartitions is < 0 or > 64)
            errors.Add($"{SectionName}:{nameof(HubSendPartitions)} must be between 0 (one per processor) and 64 (was {HubSendPartitions}).");
        if (FanOutLanes is < 0 or > 64)
            errors.Add($"{SectionName}:{nameof(FanOutLanes)} must be between 0 (one per processor) and 64 (was {FanOutLanes}).");
        if (TickIntervalMilliseconds is < 50 or > 60_000)
            errors.Add($"{SectionName}:{nameof(TickIntervalMilliseconds)} must be between 50 and 60000 (was {TickIntervalMilliseconds}).");
        if (PauseHiddenPagesAfterSeconds is < 0 or > 86_400)
            errors.Add($"{SectionName}:{nameof(PauseHiddenPagesAfterSeconds)} must be between 0 (never) and 86400 (was {PauseHiddenPagesAfterSeconds}).");
        return errors;
    }
}

public static class LivePricesServiceCollectionExtensions
{
    /// <summary>Pricing, the price feed, its tick job, the hub broadcaster.</summary>
    public static IServiceCollection AddLivePrices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPricing(configuration);

        services.AddValidatedOptions<LivePricesOptions>(configuration.GetSection(LivePricesOptions.SectionName), o => o.Validate());

        services.AddSingleton(sp => new PriceFeed(sp.GetRequiredService<ILogger<PriceFeed>>(),
            sp.GetRequiredService<IOptions<LivePricesOptions>>().Value.FanOutLanes, sp.GetService<Telemetry.StoreMetrics>()));
        services.AddSingleton<SharedBoard>();
        services.AddScoped<PriceBoard>();
        services.AddRecurringJob<PriceTickJob>(sp =>
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<LivePricesOptions>>().Value.TickIntervalMilliseconds));
        services.AddSingleton<PriceHubPartitions>();
        services.AddHostedService<PricesHubBroadcaster>();
        services.AddStoreGauge((meter, sp) => meter.CreateObservableGauge("cheaptokens.live_prices.subscribers",
            () => sp.GetService<PriceFeed>()?.SubscriberCount ?? 0, "{subscriber}",
            "Live pages following the price feed, plus one hub relay per node."));
        services.AddStoreGauge((meter, sp) => meter.CreateObservableGauge("cheaptokens.live_prices.hub_clients",
            () => sp.GetService<PriceHubPartitions>()?.ConnectedCount ?? 0, "{connection}",
            "Programs connected to the prices hub on this node."));
        services.AddStoreGauge((meter, sp) => meter.CreateObservableGauge("cheaptokens.supply.remaining",
            () => sp.GetService<PriceFeed>()?.Latest is { } latest ? [new Measurement<int>(latest.Supply.Remaining)] : Array.Empty<Measurement<int>>(),
            "{credit}", "Credits left to sell today, as of the last price tick."));
        // Its own message cap (Connections:HubMaxMessageBytes). AddHubOptions marks the hub as having options of its
        // own; without it SignalR reads every hub's default.
        services.AddSignalR().AddHubOptions<PricesHub>(_ => { });
        services.AddOptions<HubOptions<PricesHub>>().Configure<IOptions<ConnectionLimitOptions>>((hub, limits) =>
            hub.MaximumReceiveMessageSize = limits.Value.HubMaxMessageBytes);
        return services;
    }

    public static IEndpointRouteBuilder MapLivePrices(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<PricesHub>(PricesHub.Path).RequireRateLimiting(RateLimits.HubConnections);
        endpoints.MapGet("/api/prices", (PriceFeed feed) => feed.Latest is { } latest
                ? Results.Ok(PriceSnapshotDto.From(latest))
                : Results.Problem(title: "Prices are not available yet", statusCode: StatusCodes.Status503ServiceUnavailable,
                    extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.PricesUnavailable }))
            .WithName("GetPrices")
            .WithTags("Prices")
            .WithSummary("The live price board: unit price, discount, time to 00:00 UTC, supply, orders left today and the day's curve")
            .Produces<PriceSnapshotDto>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }
}
