using System.Globalization;

namespace CheapTokens.Blazor.Scaling;

/// <summary>
/// This process among the store's nodes: a fresh id per start (what leases and notices carry), and a name people can
/// read in logs and in Quartz's cluster tables: <c>Scaling:NodeName</c> when set, else the host and the port it listens on.
/// </summary>
public sealed class NodeIdentity(string name)
{
    public const string NodeNameKey = "Scaling:NodeName";

    public NodeIdentity() : this(Environment.MachineName)
    {
    }

    public string Id { get; } = Guid.NewGuid().ToString("N");

    public string Name { get; } = name;

    /// <summary>The one identity of the app being composed: made from the final configuration the first time it is asked for.</summary>
    public static NodeIdentity Of(IServiceCollection services, IConfiguration configuration)
    {
        if (services.Select(d => d.ImplementationInstance).OfType<NodeIdentity>().FirstOrDefault() is { } known) return known;
        var identity = new NodeIdentity(NameFrom(configuration));
        services.AddSingleton(identity);
        return identity;
    }

    /// <summary>
    /// <c>Scaling:NodeName</c>, else "host:port" from the first address in <c>urls</c> (ASPNETCORE_URLS). A process given
    /// port 0 (the tests) has no port to show yet: its process id and a short random part keep it apart from its siblings.
    /// </summary>
    public static string NameFrom(IConfiguration configuration)
    {
        if (configuration[NodeNameKey] is { Length: > 0 } configured && !string.IsNullOrWhiteSpace(configured)) return configured.Trim();
        var host = Environment.MachineName;
        var first = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = first is null ? 0 : PortOf(first);
        return port > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{host}:{port}")
            : string.Create(CultureInfo.InvariantCulture, $"{host}:pid{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
    }

    private static int PortOf(string url)
    {
        // "http://+:80" and "http://*:80" are not URIs; the port is after the last colon either way.
        var colon = url.LastIndexOf(':');
        return colon > 0 && int.TryParse(url.AsSpan(colon + 1).TrimEnd('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 0;
    }
}
