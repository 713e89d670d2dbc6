using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>Forwards every published snapshot to this node's hub clients; the hub is just another feed subscriber.</summary>
public sealed class PricesHubBroadcaster(PriceFeed feed, IHubContext<PricesHub> hub, PriceHubPartitions partitions, ILogger<PricesHubBroadcaster> logger)
    : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(async snapshot =>
        {
            // Off the feed's fan-out lane at once: a send walks thousands of connections, and the pages sharing the
            // lane should not wait for it.
            await Task.Yield();
            try
            {
                await partitions.AdmitWaitingAsync(hub.Groups, snapshot.AsOf);
            }
            catch (Exception ex)
            {
                // A connection that cannot join now tries again with the next tick; this tick still goes out.
                logger.LogWarning(ex, "Hub connections could not join their price groups");
            }
            var message = PriceSnapshotDto.From(snapshot);
            if (partitions.Groups.Count == 1)
            {
                await hub.Clients.Group(partitions.Groups[0]).SendAsync(PricesHub.PricesMethod, message);
                return;
            }
            // Each group's send on its own pool thread: a send runs synchronously through its connections until one
            // would block, so sends started from this thread would run one after another.
            await Task.WhenAll(partitions.Groups.Select(group =>
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
