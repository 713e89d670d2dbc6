using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace CheapTokens.Blazor.Hosting;

public static class StoreConfiguration
{
    /// <summary>
    /// The repo-root appsettings.json is copied next to the app's assembly at build. Reading it from there
    /// (not from the content root) makes `dotnet run`, the bare executable and test hosts see the same file;
    /// environment variables (Section__Key) and command-line arguments still override it.
    /// </summary>
    public static void UseAppSettingsBesideAssembly(this ConfigurationManager configuration)
    {
        var sources = configuration.Sources;
        var index = sources.ToList().FindIndex(s => s is JsonConfigurationSource { Path: "appsettings.json" });
        var source = new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = false,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
        if (index >= 0) sources[index] = source;
        else sources.Insert(0, source);
    }
}
