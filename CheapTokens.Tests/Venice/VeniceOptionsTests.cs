using CheapTokens.Blazor.Venice;
using CheapTokens.Blazor.Venice.Simulator;
using CheapTokens.Core.Venice;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CheapTokens.Tests.Venice;

public sealed class VeniceOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddVenice(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Missing_admin_key_without_simulator_fails_naming_the_key()
    {
        using var services = Services(new());

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VeniceOptions>>().Value);

        Assert.Contains("Venice:AdminKey", error.Message);
    }

    [Fact]
    public void Relative_base_url_without_simulator_fails_naming_the_key()
    {
        using var services = Services(new() { ["Venice:AdminKey"] = "k", ["Venice:BaseUrl"] = "/venice-sim/api/v1" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VeniceOptions>>().Value);

        Assert.Contains("Venice:BaseUrl", error.Message);
    }

    [Fact]
    public void Admin_key_value_never_appears_in_validation_errors()
    {
        using var services = Services(new() { ["Venice:AdminKey"] = "super-secret-admin", ["Venice:BaseUrl"] = "nope", ["Venice:MaxRetries"] = "-1" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VeniceOptions>>().Value);

        Assert.Contains("Venice:MaxRetries", error.Message);
        Assert.DoesNotContain("super-secret-admin", error.Message);
    }

    [Fact]
    public void Enabled_simulator_defaults_the_admin_key_and_allows_an_empty_base_url()
    {
        using var services = Services(new() { ["Venice:Simulator:Enabled"] = "true", ["Venice:BaseUrl"] = "", ["Venice:LimitUnit"] = "Usd" });

        var options = services.GetRequiredService<IOptions<VeniceOptions>>().Value;

        Assert.Equal(VeniceSimulatorOptions.DefaultAdminKey, options.AdminKey);
        Assert.Equal(VeniceLimitUnit.Usd, options.LimitUnit);
        Assert.Equal(VeniceSimulatorOptions.DefaultAdminKey, services.GetRequiredService<VeniceSimulatorState>().AdminKey);
    }

    [Fact]
    public void Defaults_match_venice()
    {
        var options = new VeniceOptions();

        Assert.Equal("https://api.venice.ai/api/v1", options.BaseUrl);
        Assert.Equal(VeniceLimitUnit.Diem, options.LimitUnit);
        Assert.Equal(20, options.Simulator.RateLimitPerMinute);
        Assert.Equal(500, options.Simulator.MaxLiveKeys);
    }

    [Fact]
    public void Add_venice_registers_a_typed_client_for_the_port()
    {
        using var services = Services(new() { ["Venice:AdminKey"] = "k" });

        Assert.IsType<VeniceKeyClient>(services.GetRequiredService<IVeniceKeyClient>());
    }
}
