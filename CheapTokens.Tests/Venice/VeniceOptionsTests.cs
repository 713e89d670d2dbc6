using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Venice;
using CheapTokens.StandIns.Venice;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CheapTokens.Tests.Venice;

public sealed class VeniceOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings, string? dataDirectory = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        if (dataDirectory is not null) services.AddSingleton(StoragePaths.Create(new StorageOptions { DataDirectory = dataDirectory }, dataDirectory));
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddVenice(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void MissingAdminKeyWithoutSimulatorFailsNamingTheKey()
    {
        using var services = Services(new());

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VeniceOptions>>().Value);

        Assert.Contains("Venice:AdminKey", error.Message);
    }

    [Fact]
    public void RelativeBaseUrlWithoutSimulatorFailsNamingTheKey()
    {
        using var services = Services(new() { ["Venice:AdminKey"] = "k", ["Venice:BaseUrl"] = "/venice-sim/api/v1" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VeniceOptions>>().Value);

        Assert.Contains("Venice:BaseUrl", error.Message);
    }

    [Fact]
    public void AdminKeyValueNeverAppearsInValidationErrors()
    {
        using var services = Services(new() { ["Venice:AdminKey"] = "super-secret-admin", ["Venice:BaseUrl"] = "nope", ["Venice:MaxRetries"] = "-1" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VeniceOptions>>().Value);

        Assert.Contains("Venice:MaxRetries", error.Message);
        Assert.DoesNotContain("super-secret-admin", error.Message);
    }

    [Fact]
    public void EnabledSimulatorGeneratesOneAdminKeyIntoTheDataFolderAndAllowsAnEmptyBaseUrl()
    {
        var dataDirectory = StoreHost.NewDataDirectory();
        try
        {
            using var services = Services(new() { ["Venice:Simulator:Enabled"] = "true", ["Venice:BaseUrl"] = "", ["Venice:LimitUnit"] = "Usd" }, dataDirectory);

            var options = services.GetRequiredService<IOptions<VeniceOptions>>().Value;

            Assert.StartsWith(VeniceSimulatorAdminKey.Prefix, options.AdminKey);
            Assert.Equal(options.AdminKey, File.ReadAllText(Path.Combine(dataDirectory, VeniceSimulatorAdminKey.FileName)));
            Assert.Equal(VeniceLimitUnit.Usd, options.LimitUnit);
        }
        finally
        {
            StoreHost.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public void AConfiguredAdminKeyWinsOverTheGeneratedOneAndWritesNoFile()
    {
        var dataDirectory = StoreHost.NewDataDirectory();
        try
        {
            using var services = Services(new() { ["Venice:Simulator:Enabled"] = "true", ["Venice:AdminKey"] = "configured-admin" }, dataDirectory);

            Assert.Equal("configured-admin", services.GetRequiredService<IOptions<VeniceOptions>>().Value.AdminKey);
            Assert.False(File.Exists(Path.Combine(dataDirectory, VeniceSimulatorAdminKey.FileName)));
        }
        finally
        {
            StoreHost.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public void DefaultsPointAtVeniceAndMatchItsLimits()
    {
        var options = new VeniceOptions();

        Assert.Equal("https://api.venice.ai/api/v1", options.BaseUrl);
        Assert.Equal(VeniceLimitUnit.Diem, options.LimitUnit);
        Assert.Equal(20, options.Simulator.RateLimitPerMinute);
        Assert.Equal(500, options.Simulator.MaxLiveKeys);
    }

    [Fact]
    public void AddVeniceRegistersATypedClientForThePort()
    {
        using var services = Services(new() { ["Venice:AdminKey"] = "k" });

        Assert.IsType<VeniceKeyClient>(services.GetRequiredService<IVeniceKeyClient>());
    }
}
