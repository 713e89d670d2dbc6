using CheapTokens.Blazor.Api;
using CheapTokens.Blazor.Hosting;
using CheapTokens.Blazor.Scheduling;
using CheapTokens.Blazor.Security;
using CheapTokens.Core.Pricing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>The "LivePrices" configuration section.</summary>
public sealed class LivePricesOptions
{
    public const string SectionName = "LivePrices";

    /// <summary>How often the price board is recomputed and pushed to every open page.</summary>
    public int TickIntervalMilliseconds { get; set; } = 1000;
}

public static class LivePricesServiceCollectionExtensions
{
    /// <summary>Pricing, the price feed, its tick job, the hub broadcaster.</summary>
    public static IServiceCollection AddLivePrices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPricing(configuration);

        services.AddOptions<LivePricesOptions>().Bind(configuration.GetSection(LivePricesOptions.SectionName))
            .Validate(o => o.TickIntervalMilliseconds is >= 50 and <= 60_000,
                $"{LivePricesOptions.SectionName}:{nameof(LivePricesOptions.TickIntervalMilliseconds)} must be between 50 and 60000.")
            .ValidateOnStart();

        services.AddSingleton<PriceFeed>();
        services.AddScoped<PriceBoard>();
        services.AddRecurringJob<PriceTickJob>(sp =>
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<LivePricesOptions>>().Value.TickIntervalMilliseconds));
        services.AddHostedService<PricesHubBroadcaster>();
        return services;
    }

    /// <summary>Pricing options, validated at start-up, and the one curve built from them.</summary>
    public static IServiceCollection AddPricing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PricingOptions>().Bind(configuration.GetSection(PricingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PricingOptions>>(new SelfValidatingOptions<PricingOptions>(o => o.Validate())));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<PricingOptions>>().Value.BuildCurve());
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
            .WithSummary("The live price board: unit price, discount, time to 00:00 UTC, supply and the day's curve")
            .Produces<PriceSnapshotDto>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }
}
