using CheapTokens.Blazor.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace CheapTokens.Tests.Support;

/// <summary>The real app, built by its own composition root, on a Kestrel loopback port.</summary>
public sealed class StoreHost : IAsyncDisposable
{
    private StoreHost(WebApplication app, string dataDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => App.Services;

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    /// <param name="settings">Configuration on top of appsettings.json, as Section:Key pairs.</param>
    /// <param name="clock">Replaces the system clock when given.</param>
    public static async Task<StoreHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        TimeProvider? clock = null,
        Action<IServiceCollection>? services = null,
        string? dataDirectory = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "cheaptokens-tests", Guid.NewGuid().ToString("N"));
        var builder = StoreApp.CreateBuilder(["--environment", "Production"]);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (clock is not null) builder.Services.AddSingleton(clock);
        // Don't let a browser connection left open hold a test for the default 30 s shutdown.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        services?.Invoke(builder.Services);
        var app = StoreApp.Build(builder);
        await app.StartAsync();
        return new StoreHost(app, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
