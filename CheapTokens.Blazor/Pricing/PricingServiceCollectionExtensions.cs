using CheapTokens.Blazor.Configuration;
using CheapTokens.Core.Pricing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheapTokens.Blazor.Pricing;

public static class PricingServiceCollectionExtensions
{
    /// <summary>
    /// The "Pricing" options, validated at start-up, as the first pricing version, and the "Diem" figures that say what a
    /// credit buys; <see cref="LivePricing"/> holds the version in force (the newest saved in the database, see
    /// <see cref="PricingVersions"/>). Safe to call from every feature that prices. Needs <c>AddStorePersistence</c> for saved versions.
    /// </summary>
    public static IServiceCollection AddPricing(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(LivePricing))) return services;
        services.AddValidatedOptions<PricingOptions>(configuration.GetSection(PricingOptions.SectionName), o => o.Validate());
        services.AddValidatedOptions<DiemOptions>(configuration.GetSection(DiemOptions.SectionName), o => o.Validate());
        services.AddSingleton<LivePricing>();
        services.AddSingleton<PricingVersions>();
        services.AddHostedService<PricingVersionLoader>();
        // The curve in force when asked: for a component, at its creation. Long-lived services ask LivePricing each time.
        services.TryAddTransient(sp => sp.GetRequiredService<LivePricing>().Curve);
        return services;
    }
}
