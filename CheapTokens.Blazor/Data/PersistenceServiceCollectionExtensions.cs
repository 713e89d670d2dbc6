using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Security;
using CheapTokens.Core.Orders;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Data;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// SQLite store under <c>Storage:DataDirectory</c>, migrated at start-up; API-key vault
    /// with its key ring in <c>{DataDirectory}/keys</c>.
    /// </summary>
    public static IServiceCollection AddStorePersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StorageOptions>(configuration.GetSection(StorageOptions.SectionName), o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp => StoragePaths.Create(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.AddDbContextFactory<StoreDbContext>((sp, options) =>
            options.UseSqlite(sp.GetRequiredService<StoragePaths>().ConnectionString));
        services.AddHostedService<StoreDatabaseMigrator>();

        services.AddDataProtection().SetApplicationName("CheapTokens");
        // Same as PersistKeysToFileSystem, but the folder comes from options resolved at run time.
        services.AddOptions<KeyManagementOptions>().Configure<StoragePaths, ILoggerFactory>((options, paths, loggers) =>
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(paths.KeysDirectory), loggers));
        services.AddSingleton<IKeyVault, DataProtectionKeyVault>();
        return services;
    }
}
