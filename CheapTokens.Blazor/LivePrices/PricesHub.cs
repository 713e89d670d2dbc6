using CheapTokens.Blazor.Scaling;
using Microsoft.AspNetCore.SignalR;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>Live prices for programs: the current snapshot on connect, then one "prices" message per tick.</summary>
public sealed class PricesHub(PriceFeed feed, NodeIdentity node) : Hub
{
    public const string Path = "/hubs/prices";
    public const string PricesMethod = "prices";

    /// <summary>
    /// The clients connected to this node. Every node ticks from the shared supply on the same clock, so each one
    /// sends its own ticks to its own clients; sent to all, a client would get every node's tick, once per node.
    /// </summary>
    public static string NodeGroup(NodeIdentity node) => "node-" + node.Id;

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, NodeGroup(node));
        if (feed.Latest is { } latest) await Clients.Caller.SendAsync(PricesMethod, PriceSnapshotDto.From(latest));
        await base.OnConnectedAsync();
    }
}

/// <summary>Forwards every published snapshot to this node's hub clients; the hub is just another feed subscriber.</summary>
public sealed class PricesHubBroadcaster(PriceFeed feed, IHubContext<PricesHub> hub, NodeIdentity node) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(snapshot => hub.Clients.Group(PricesHub.NodeGroup(node)).SendAsync(PricesHub.PricesMethod, PriceSnapshotDto.From(snapshot)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
