using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace CheapTokens.Tests.Support;

/// <summary>
/// The front of a two-node store, as an operator would run it: YARP on a loopback port, round robin over the nodes,
/// session affinity by cookie (a browser's Blazor circuit stays on its node), WebSockets passed through, and
/// <c>/health/ready</c> polled every second so a dead node gets no new sessions.
/// </summary>
public sealed class StickyFront : IAsyncDisposable
{
    public const string AffinityCookie = "ct_node";

    private readonly WebApplication _app;

    private StickyFront(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
    }

    public Uri BaseAddress { get; }

    public static async Task<StickyFront> StartAsync(params Uri[] nodes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        RouteConfig[] routes = [new() { RouteId = "store", ClusterId = "nodes", Match = new RouteMatch { Path = "{**rest}" } }];
        ClusterConfig[] clusters =
        [
            new()
            {
                ClusterId = "nodes",
                LoadBalancingPolicy = "RoundRobin",
                SessionAffinity = new SessionAffinityConfig { Enabled = true, Policy = "Cookie", AffinityKeyName = AffinityCookie },
                HealthCheck = new HealthCheckConfig
                {
                    Active = new ActiveHealthCheckConfig
                    {
                        Enabled = true, Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(1), Path = "/health/ready",
                        Policy = "ConsecutiveFailures",
                    },
                },
                Destinations = nodes.Select((node, i) => (node, i))
                    .ToDictionary(n => $"node{n.i}", n => new DestinationConfig { Address = n.node.ToString() }),
            },
        ];
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync();
        return new StickyFront(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
