using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Venice;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Installation;

public static class StoreModeServiceCollectionExtensions
{
    /// <summary>
    /// Section "Store", the <see cref="StoreMode"/> singleton and the <see cref="KeyEndpoint"/> it makes, checked against the Venice, payment and storage
    /// settings (registered by their own features). Resolving the mode refuses a mixed or unsafe install.
    /// </summary>
    public static IServiceCollection AddStoreMode(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StoreModeOptions>(configuration.GetSection(StoreModeOptions.SectionName), o => o.Validate());
        services.TryAddSingleton<StoreModeCheck>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreModeOptions>, StoreModeCheck>(sp => sp.GetRequiredService<StoreModeCheck>()));
        // Reading the options runs the check: a refused install never gets a mode.
        services.TryAddSingleton(sp => sp.GetRequiredService<StoreModeCheck>().Decide(sp.GetRequiredService<IOptions<StoreModeOptions>>().Value).Mode);
        // Where the keys sold here work, said one way by every page and the receipt.
        services.TryAddSingleton(sp => KeyEndpoint.From(sp.GetRequiredService<StoreMode>().VeniceIsReal, sp.GetRequiredService<IOptions<VeniceOptions>>().Value));
        return services;
    }

    /// <summary>Says at start-up which mode runs, and warns of a mix that only Development allows.</summary>
    public static WebApplication LogStoreMode(this WebApplication app)
    {
        var check = app.Services.GetRequiredService<StoreModeCheck>();
        var decision = check.Decide(app.Services.GetRequiredService<IOptions<StoreModeOptions>>().Value);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreMode));
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            logger.LogInformation("Store mode: {Mode} (simulated Venice: {SimulatedVenice}; simulated payments: {SimulatedPayments})",
                decision.Mode.Name, decision.Mode.SimulatedVenice ?? "no", decision.Mode.SimulatedPayments ?? "no");
            if (decision.Warning is { } warning) logger.LogWarning("{Warning}", warning);
        });
        return app;
    }
}
