using Microsoft.AspNetCore.SignalR;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>Live prices for programs: the current snapshot on connect, then one "prices" message per tick.</summary>
public sealed class PricesHub(PriceFeed feed) : Hub
{
    public const string Path = "/hubs/prices";
    public const string PricesMethod = "prices";

    public override async Task OnConnectedAsync()
    {
        if (feed.Latest is { } latest) await Clients.Caller.SendAsync(PricesMethod, PriceSnapshotDto.From(latest));
        await base.OnConnectedAsync();
    }
}

/// <summary>Forwards every published snapshot to all hub clients; the hub is just another feed subscriber.</summary>
public sealed class PricesHubBroadcaster(PriceFeed feed, IHubContext<PricesHub> hub) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(snapshot => hub.Clients.All.SendAsync(PricesHub.PricesMethod, PriceSnapshotDto.From(snapshot)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
