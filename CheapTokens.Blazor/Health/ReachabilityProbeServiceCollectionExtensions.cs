using CheapTokens.Blazor.Configuration;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Health;

public static class ReachabilityProbeServiceCollectionExtensions
{
    public static IServiceCollection AddReachabilityProbe(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<HealthOptions>(configuration.GetSection(HealthOptions.SectionName), o => o.Validate());
        services.AddSingleton<ReachabilityProbe>();
        // No retries and no redirects: one plain request says whether the service answers.
        services.AddHttpClient(ReachabilityProbe.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        return services;
    }
}
