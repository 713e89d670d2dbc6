using CheapTokens.Blazor.Configuration;

namespace CheapTokens.Blazor.Payments.X402;

public static class X402ServiceCollectionExtensions
{
    /// <summary>USDC payments from agents over x402: the settings and what the store asks to be paid.</summary>
    public static IServiceCollection AddX402Payments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<X402Options>(configuration.GetSection(X402Options.SectionName), o => o.Validate());
        services.AddSingleton<X402Offers>();
        return services;
    }
}
