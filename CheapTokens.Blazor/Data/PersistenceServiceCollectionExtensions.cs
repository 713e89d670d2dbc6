using CheapTokens.Blazor.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Data;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// The store's database, migrated at start-up: SQLite under <c>Storage:DataDirectory</c> by default, or PostgreSQL
    /// (<c>Database:Provider</c>) for several nodes. The data-protection key ring (which the key vault of
    /// <c>AddKeyVault</c> uses) in <c>{DataDirectory}/keys</c> on
    /// SQLite, in the database (table DataProtectionKeys) on PostgreSQL, so every node reads what any node protected.
    /// </summary>
    public static IServiceCollection AddStorePersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StorageOptions>(configuration.GetSection(StorageOptions.SectionName), o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp => StoragePaths.Create(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.AddValidatedOptions<DatabaseOptions>(configuration.GetSection(DatabaseOptions.SectionName), o => o.Validate());
        services.AddDbContextFactory<StoreDbContext>((sp, options) =>
            options.UseStoreDatabase(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, sp.GetRequiredService<StoragePaths>().ConnectionString));
        // The first hosted service of all, whatever registered itself earlier: data protection loads its key ring at
        // start (from the database on PostgreSQL), and nothing may read a table before the migration made it.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StoreDatabaseMigrator>());

        services.AddDataProtection().SetApplicationName("CheapTokens");
        // Same as PersistKeysToFileSystem or PersistKeysToDbContext, but chosen from options resolved at run time.
        services.AddOptions<KeyManagementOptions>().Configure<StoragePaths, IOptions<DatabaseOptions>, IServiceProvider, ILoggerFactory>(
            (options, paths, database, sp, loggers) => options.XmlRepository = database.Value.IsPostgres
                ? new EntityFrameworkCoreXmlRepository<StoreDbContext>(sp, loggers)
                : new FileSystemXmlRepository(new DirectoryInfo(paths.KeysDirectory), loggers));
        return services;
    }
}
