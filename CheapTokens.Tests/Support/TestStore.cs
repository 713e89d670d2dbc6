using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Pricing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CheapTokens.Tests.Support;

/// <summary>The store's services on a real SQLite file in a fresh temp folder, with a hand-driven clock.</summary>
public sealed class TestStore : IAsyncDisposable
{
    /// <summary>Mid-afternoon, so a 60 s quote hold never meets midnight unless a test wants it to.</summary>
    public static readonly DateTimeOffset Afternoon = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private TestStore(string folder, ServiceProvider services, TestClock clock)
    {
        Folder = folder;
        _services = services;
        Clock = clock;
    }

    public string Folder { get; }

    public TestClock Clock { get; }

    public RecordingProvisioningQueue Provisioning => Get<RecordingProvisioningQueue>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static async Task<TestStore> CreateAsync(int dailySupply = 10_000, int maxCreditsPerOrder = 1000, DateTimeOffset? now = null)
    {
        var folder = NewFolder();
        var clock = new TestClock(now ?? Afternoon);
        var services = new ServiceCollection();
        AddStoreServices(services, folder, clock, dailySupply, maxCreditsPerOrder);
        services.AddSingleton<IHostEnvironment>(new TestEnvironment(folder));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var store = new TestStore(folder, provider, clock);
        try
        {
            await StoreDatabase.MigrateAsync(provider.GetRequiredService<IDbContextFactory<StoreDbContext>>(), CancellationToken.None);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Everything the store registers, as a host would, but with test time, pricing and provisioning.</summary>
    public static void AddStoreServices(IServiceCollection services, string folder, TestClock clock, int dailySupply, int maxCreditsPerOrder)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = Path.Combine(folder, "data"),
                ["Checkout:MaxCreditsPerOrder"] = maxCreditsPerOrder.ToString(),
            })
            .Build();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(clock);
        services.AddPricing(configuration);
        services.Configure<PricingOptions>(o => o.DailySupply = dailySupply);
        services.AddSingleton<RecordingProvisioningQueue>();
        services.AddSingleton<IProvisioningQueue>(sp => sp.GetRequiredService<RecordingProvisioningQueue>());
        services.AddSingleton<RecordingReceiptSender>();
        services.AddSingleton<IReceiptSender>(sp => sp.GetRequiredService<RecordingReceiptSender>());
        services.AddStorePersistence(configuration);
        services.AddPayments();
        services.AddCheckout(configuration);
    }

    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cheaptokens-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void DeleteFolder(string folder)
    {
        // Pooled connections keep the file open; let go of them before deleting.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    public async Task<StoreDbContext> OpenDbAsync() =>
        await Get<IDbContextFactory<StoreDbContext>>().CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        DeleteFolder(Folder);
    }

    private sealed class TestEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "CheapTokens.Tests";

        public string ContentRootPath { get; set; } = contentRoot;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}

/// <summary>Remembers what was handed to provisioning instead of minting anything.</summary>
public sealed class RecordingProvisioningQueue : IProvisioningQueue
{
    private readonly List<Guid> _orders = [];

    public IReadOnlyList<Guid> Orders
    {
        get
        {
            lock (_orders) return _orders.ToList();
        }
    }

    public void Enqueue(Guid orderId)
    {
        lock (_orders) _orders.Add(orderId);
    }
}

/// <summary>Keeps the receipts the store would have emailed.</summary>
public sealed class RecordingReceiptSender : IReceiptSender
{
    private readonly List<OrderReceipt> _sent = [];

    public IReadOnlyList<OrderReceipt> Sent
    {
        get
        {
            lock (_sent) return _sent.ToList();
        }
    }

    public Task SendAsync(OrderReceipt receipt, CancellationToken cancellationToken)
    {
        lock (_sent) _sent.Add(receipt);
        return Task.CompletedTask;
    }
}
