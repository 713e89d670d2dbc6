using CheapTokens.Blazor.Configuration;
using CheapTokens.Core.Pricing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Pricing;

public static class PricingServiceCollectionExtensions
{
    /// <summary>The "Pricing" options, validated at start-up, and the one curve built from them. Safe to call from every feature that prices.</summary>
    public static IServiceCollection AddPricing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PricingOptions>(configuration.GetSection(PricingOptions.SectionName), o => o.Validate());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<PricingOptions>>().Value.BuildCurve());
        return services;
    }
}
