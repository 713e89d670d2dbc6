using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>Live prices for programs: the current snapshot on connect, then one "prices" message per tick.</summary>
public sealed class PricesHub(PriceFeed feed, PriceHubPartitions partitions) : Hub
{
    public const string Path = "/hubs/prices";
    public const string PricesMethod = "prices";

    public override async Task OnConnectedAsync()
    {
        // The current snapshot now; the connection joins its group when the next, newer one goes out. Joined at
        // once, a tick already on its way (through Redis, say) could reach it as well: the same snapshot twice.
        var latest = feed.Latest;
        if (latest is not null) await Clients.Caller.SendAsync(PricesMethod, PriceSnapshotDto.From(latest));
        partitions.Admit(Context.ConnectionId, latest?.AsOf);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        partitions.Leave(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
