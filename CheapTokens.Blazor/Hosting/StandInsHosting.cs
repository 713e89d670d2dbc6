using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Payments;
using CheapTokens.StandIns;
using CheapTokens.StandIns.Data;
using CheapTokens.StandIns.Sandbox;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Hosting;

/// <summary>
/// The stand-ins (CheapTokens.StandIns) this install simulates, registered and mapped only then: a live install has
/// none of their services or routes. They keep their state in the store's database, under their own migrations.
/// </summary>
public static class StandInsHosting
{
    /// <summary>Reads the final configuration, so call it once every setting is in (see <see cref="StoreApp.Build"/>).</summary>
    public static void AddStandInsInUse(this WebApplicationBuilder builder)
    {
        if (!UsesPaymentSandbox(builder.Configuration)) return;
        builder.Services.AddStandInsDatabase(sp =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return new StandInsDatabaseOptions
            {
                IsPostgres = database.IsPostgres,
                ConnectionString = database.IsPostgres ? database.ConnectionString : sp.GetRequiredService<StoragePaths>().ConnectionString,
            };
        }, migrateAfter: typeof(StoreDatabaseMigrator));
        builder.Services.AddPaymentSandbox(builder.Configuration);
    }

    public static void MapStandInsInUse(this WebApplication app, StoreMode mode)
    {
        if (mode.SimulatedPayments == StoreMode.PaymentSandbox) app.MapPaymentSandbox();
    }

    private static bool UsesPaymentSandbox(IConfiguration configuration) =>
        (configuration.GetSection(PaymentsOptions.SectionName).Get<PaymentsOptions>() ?? new PaymentsOptions()).Processor == PaymentsOptions.SandboxProcessor;
}
