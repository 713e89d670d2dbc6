using CheapTokens.Blazor.Pricing;
using CheapTokens.Core.Supply;

namespace CheapTokens.Blazor.Supply;

public static class SupplyServiceCollectionExtensions
{
    /// <summary>The supply ledger (Pricing:DailySupply per UTC date). Needs <c>AddStorePersistence</c> for its table.</summary>
    public static IServiceCollection AddSupply(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPricing(configuration);
        services.AddSingleton<SupplyLedger>();
        services.AddSingleton<UnpaidHolds>();
        services.AddSingleton<ISupplyLedger>(sp => sp.GetRequiredService<SupplyLedger>());
        return services;
    }
}
