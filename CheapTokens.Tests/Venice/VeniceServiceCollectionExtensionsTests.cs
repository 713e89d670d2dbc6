using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Venice;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheapTokens.Tests.Venice;

public sealed class VeniceServiceCollectionExtensionsTests
{
    private static WebApplication BuildApp(Dictionary<string, string?> settings, bool mapSimulator = true)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddVenice(builder.Configuration);
        var app = builder.Build();
        if (mapSimulator) app.MapVeniceSimulator();
        return app;
    }

    [Fact]
    public async Task Enabled_simulator_with_empty_base_url_is_reached_at_the_apps_own_address()
    {
        await using var app = BuildApp(new() { ["Venice:Simulator:Enabled"] = "true", ["Venice:BaseUrl"] = "" });
        await app.StartAsync();
        var client = app.Services.GetRequiredService<IVeniceKeyClient>();

        var key = await client.CreateInferenceKeyAsync(
            new VeniceKeyRequest("order-self", 2m, VeniceLimitUnit.Diem, TimeProvider.System.GetUtcNow().AddDays(1), "EPOCH"),
            CancellationToken.None);

        Assert.Equal(key.Id, Assert.Single(await client.ListKeysAsync(CancellationToken.None)).Id);
        Assert.Equal(1, app.Services.GetRequiredService<VeniceSimulatorState>().LiveKeyCount);
        await app.StopAsync();
    }

    [Fact]
    public async Task Start_up_fails_when_the_admin_key_is_missing()
    {
        await using var app = BuildApp(new() { ["Venice:Simulator:Enabled"] = "false" }, mapSimulator: false);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Venice:AdminKey", error.Message);
    }

    [Fact]
    public void Mapping_the_simulator_fails_fast_on_invalid_configuration()
    {
        var error = Assert.Throws<OptionsValidationException>(() => BuildApp(new() { ["Venice:BaseUrl"] = "not a url" }));

        Assert.Contains("Venice:BaseUrl", error.Message);
    }

    [Fact]
    public async Task Disabled_simulator_maps_no_routes()
    {
        await using var app = BuildApp(new() { ["Venice:AdminKey"] = "k", ["Venice:Simulator:Enabled"] = "false", ["Venice:BaseUrl"] = "https://api.venice.ai/api/v1" });
        await app.StartAsync();
        var address = app.Urls.First();
        using var http = new HttpClient();

        var response = await http.GetAsync($"{address}{VeniceSimulatorEndpoints.BasePath}/models");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        await app.StopAsync();
    }
}
