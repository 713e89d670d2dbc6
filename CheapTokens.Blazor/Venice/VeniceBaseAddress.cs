using CheapTokens.Blazor.Http;

namespace CheapTokens.Blazor.Venice;

/// <summary>
/// Where the client calls Venice. An absolute Venice:BaseUrl wins. With the simulator enabled and BaseUrl empty or
/// relative, the app calls itself (<see cref="AppAddress"/>) at that path (default /venice-sim/api/v1), known only
/// once the server listens.
/// </summary>
public static class VeniceBaseAddress
{
    public static Uri? TryResolve(VeniceOptions venice, AppAddress app)
    {
        if (AbsoluteHttpUrl.Parse(venice.BaseUrl) is { } configured) return configured;
        if (!venice.Simulator.Enabled) return null;
        var path = string.IsNullOrWhiteSpace(venice.BaseUrl) ? VeniceOptions.SimulatorPath : venice.BaseUrl;
        return app.TryResolve(path.TrimEnd('/') + "/");
    }
}
