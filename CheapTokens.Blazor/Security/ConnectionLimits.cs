using System.Threading.RateLimiting;
using CheapTokens.Blazor.Configuration;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Security;

/// <summary>
/// The "Connections" configuration section: how many long-lived connections one client address may hold on a node,
/// and what the server keeps for each Blazor page. The reasons for each default are in docs/security.md.
/// </summary>
public sealed class ConnectionLimitOptions
{
    public const string SectionName = "Connections";

    /// <summary>Live pages (Blazor circuits with a connection) one client address may hold open on this node at once.</summary>
    public int MaxCircuitsPerAddress { get; set; } = 20;

    /// <summary>Connections to /hubs/prices one client address may hold open on this node at once.</summary>
    public int MaxHubConnectionsPerAddress { get; set; } = 10;

    /// <summary>Pages whose connection dropped kept for a reconnect, over all clients; past it the oldest is dropped.</summary>
    public int DisconnectedCircuitMaxRetained { get; set; } = 100;

    /// <summary>How long a page whose connection dropped is kept for a reconnect.</summary>
    public int DisconnectedCircuitRetentionSeconds { get; set; } = 180;

    /// <summary>Paused pages (hidden tabs) whose small saved state is kept in memory to resume them, over all clients.</summary>
    public int PausedCircuitMaxRetained { get; set; } = 1000;

    /// <summary>How long a paused page's saved state is kept.</summary>
    public int PausedCircuitRetentionMinutes { get; set; } = 120;

    /// <summary>Render batches a page may leave unacknowledged before the server stops rendering it until it catches up.</summary>
    public int MaxBufferedUnacknowledgedRenderBatches { get; set; } = 10;

    /// <summary>Largest message a page may send over its circuit.</summary>
    public int CircuitMaxMessageBytes { get; set; } = 32 * 1024;

    /// <summary>Largest message a /hubs/prices client may send (it only ever sends its handshake and pings).</summary>
    public int HubMaxMessageBytes { get; set; } = 4 * 1024;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Range(string name, int value, int min, int max)
        {
            if (value < min || value > max) errors.Add($"{SectionName}:{name} must be between {min} and {max}.");
        }
        Range(nameof(MaxCircuitsPerAddress), MaxCircuitsPerAddress, 1, 1_000_000);
        Range(nameof(MaxHubConnectionsPerAddress), MaxHubConnectionsPerAddress, 1, 1_000_000);
        Range(nameof(DisconnectedCircuitMaxRetained), DisconnectedCircuitMaxRetained, 0, 1_000_000);
        Range(nameof(DisconnectedCircuitRetentionSeconds), DisconnectedCircuitRetentionSeconds, 1, 86_400);
        Range(nameof(PausedCircuitMaxRetained), PausedCircuitMaxRetained, 0, 1_000_000);
        Range(nameof(PausedCircuitRetentionMinutes), PausedCircuitRetentionMinutes, 1, 10_080);
        Range(nameof(MaxBufferedUnacknowledgedRenderBatches), MaxBufferedUnacknowledgedRenderBatches, 1, 1000);
        // A SignalR handshake is about 40 bytes; below 1 KB nothing could connect.
        Range(nameof(CircuitMaxMessageBytes), CircuitMaxMessageBytes, 1024, 16 * 1024 * 1024);
        Range(nameof(HubMaxMessageBytes), HubMaxMessageBytes, 1024, 16 * 1024 * 1024);
        return errors;
    }
}

/// <summary>
/// Bounds what one client address can hold open on a node: live pages (Blazor circuits) and /hubs/prices connections,
/// each counted while its connection request is open (a WebSocket's for as long as the socket lives) with ASP.NET
/// Core's concurrency limiter; the next negotiate or connect from that address gets 429 problem+json with Retry-After.
/// Counted per node, in memory, like the request rate limits; off with <c>RateLimits:Enabled=false</c>.
/// </summary>
public static class ConnectionLimits
{
    /// <summary>Where Blazor's circuits connect (its hub), under the app's root.</summary>
    public const string CircuitsPath = "/_blazor";

    /// <param name="hubPath">The app's own SignalR hub, whose connections are counted like circuits.</param>
    public static IServiceCollection AddConnectionLimits(this IServiceCollection services, IConfiguration configuration, string hubPath)
    {
        services.AddSingleton(new LimitedHub(hubPath));
        services.AddValidatedOptions<ConnectionLimitOptions>(configuration.GetSection(ConnectionLimitOptions.SectionName), o => o.Validate());
        services.AddOptions<CircuitOptions>().Configure<IOptions<ConnectionLimitOptions>>((circuits, limits) =>
        {
            var o = limits.Value;
            circuits.DisconnectedCircuitMaxRetained = o.DisconnectedCircuitMaxRetained;
            circuits.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(o.DisconnectedCircuitRetentionSeconds);
            circuits.PersistedCircuitInMemoryMaxRetained = o.PausedCircuitMaxRetained;
            circuits.PersistedCircuitInMemoryRetentionPeriod = TimeSpan.FromMinutes(o.PausedCircuitRetentionMinutes);
            circuits.MaxBufferedUnacknowledgedRenderBatches = o.MaxBufferedUnacknowledgedRenderBatches;
        });
        // Every hub's default, so Blazor's own (internal) circuit hub takes it; the prices hub sets its own (AddLivePrices).
        services.AddOptions<HubOptions>().Configure<IOptions<ConnectionLimitOptions>>((hubs, limits) =>
            hubs.MaximumReceiveMessageSize = limits.Value.CircuitMaxMessageBytes);
        services.AddOptions<RateLimiterOptions>().Configure(options =>
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(OpenConnectionsPerAddress));
        return services;
    }

    private static RateLimitPartition<string> OpenConnectionsPerAddress(HttpContext context)
    {
        var path = context.Request.Path;
        int? cap = null;
        string? kind = null;
        if (IsConnection(path, CircuitsPath))
        {
            kind = "circuits";
            cap = context.RequestServices.GetRequiredService<IOptions<ConnectionLimitOptions>>().Value.MaxCircuitsPerAddress;
        }
        else if (IsConnection(path, HubPathOf(context)))
        {
            kind = "hub";
            cap = context.RequestServices.GetRequiredService<IOptions<ConnectionLimitOptions>>().Value.MaxHubConnectionsPerAddress;
        }
        if (cap is null || !context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled)
            return RateLimitPartition.GetNoLimiter("");
        var clientIp = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetConcurrencyLimiter(kind + " " + clientIp, _ => new ConcurrencyLimiterOptions { PermitLimit = cap.Value, QueueLimit = 0 });
    }

    /// <summary>The connection itself and its negotiate; not Blazor's other routes (its disconnect beacon must always get through).</summary>
    public static bool IsConnection(HttpContext context) =>
        IsConnection(context.Request.Path, CircuitsPath) || IsConnection(context.Request.Path, HubPathOf(context));

    private static string HubPathOf(HttpContext context) => context.RequestServices.GetRequiredService<LimitedHub>().Path;

    private sealed record LimitedHub(string Path);

    private static bool IsConnection(PathString path, string hubPath) =>
        path.Equals(hubPath, StringComparison.OrdinalIgnoreCase) || path.Equals(hubPath + "/negotiate", StringComparison.OrdinalIgnoreCase);
}
