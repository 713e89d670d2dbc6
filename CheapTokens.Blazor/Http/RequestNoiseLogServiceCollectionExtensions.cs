using CheapTokens.Blazor.Configuration;

namespace CheapTokens.Blazor.Http;

public static class RequestNoiseLogServiceCollectionExtensions
{
    public static IServiceCollection AddRequestNoiseLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RequestNoiseOptions>(configuration.GetSection(RequestNoiseOptions.SectionName), o => o.Validate());
        services.AddSingleton<RequestNoiseLog>();
        return services;
    }
}
