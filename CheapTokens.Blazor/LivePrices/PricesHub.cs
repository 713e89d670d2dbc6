using CheapTokens.Blazor.Scaling;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>Live prices for programs: the current snapshot on connect, then one "prices" message per tick.</summary>
public sealed class PricesHub(PriceFeed feed, PriceHubPartitions partitions) : Hub
{
    public const string Path = "/hubs/prices";
    public const string PricesMethod = "prices";

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, partitions.GroupForNewConnection());
        if (feed.Latest is { } latest) await Clients.Caller.SendAsync(PricesMethod, PriceSnapshotDto.From(latest));
        await base.OnConnectedAsync();
    }
}

/// <summary>
/// The hub's clients on this node, dealt round-robin into groups that are sent to in parallel: one group's send writes
/// to its connections one after another on one thread, so a tick reaches 20,000 subscribers in a fraction of the time
/// when each core takes a share. The groups are per node: every node ticks from the shared supply on the same clock
/// and sends its own ticks to its own clients (sent to all, a client would get every node's tick, once per node).
/// </summary>
public sealed class PriceHubPartitions
{
    private int _next = -1;

    public PriceHubPartitions(NodeIdentity node, IOptions<LivePricesOptions> options)
    {
        var count = options.Value.HubSendPartitions is > 0 and var configured ? configured : Environment.ProcessorCount;
        Groups = Enumerable.Range(0, count).Select(i => $"node-{node.Id}-{i}").ToArray();
    }

    /// <summary>This node's groups, one per partition.</summary>
    public IReadOnlyList<string> Groups { get; }

    public string GroupForNewConnection() => Groups[(int)((uint)Interlocked.Increment(ref _next) % (uint)Groups.Count)];
}

/// <summary>Forwards every published snapshot to this node's hub clients; the hub is just another feed subscriber.</summary>
public sealed class PricesHubBroadcaster(PriceFeed feed, IHubContext<PricesHub> hub, PriceHubPartitions partitions) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(snapshot =>
        {
            var message = PriceSnapshotDto.From(snapshot);
            if (partitions.Groups.Count == 1) return hub.Clients.Group(partitions.Groups[0]).SendAsync(PricesHub.PricesMethod, message);
            // Each group's send on its own pool thread: a send runs synchronously through its connections until one
            // would block, so sends started from this thread would run one after another.
            return Task.WhenAll(partitions.Groups.Select(group =>
                Task.Run(() => hub.Clients.Group(group).SendAsync(PricesHub.PricesMethod, message))));
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
