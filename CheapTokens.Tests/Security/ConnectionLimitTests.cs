using System.Net;
using System.Net.WebSockets;
using System.Text;
using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Security;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Security;

/// <summary>One client address holds at most so many live pages (circuits) and /hubs/prices connections on a node.</summary>
public class ConnectionLimitTests
{
    [Fact]
    public async Task HubConnectionsPastTheCapAreRefusedWith429UntilOneCloses()
    {
        await using var host = await StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Connections:MaxHubConnectionsPerAddress"] = "2" }, new FakeTimeProvider(StoreHost.Afternoon));
        await using var first = await ConnectHubAsync(host);
        await using var second = await ConnectHubAsync(host);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectHubAsync(host));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        await first.DisposeAsync();
        await using var third = await EventuallyAsync(() => ConnectHubAsync(host));
        Assert.Equal(HubConnectionState.Connected, third.State);
    }

    [Fact]
    public async Task LivePagesPastTheCapAreRefusedWith429UntilOneCloses()
    {
        await using var host = await StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Connections:MaxCircuitsPerAddress"] = "2" }, new FakeTimeProvider(StoreHost.Afternoon));
        using var first = await ConnectCircuitAsync(host);
        using var second = await ConnectCircuitAsync(host);

        // A third page's connection is refused, and so is its negotiate, where a browser starts.
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => ConnectCircuitAsync(host));
        Assert.Contains("429", refused.Message, StringComparison.Ordinal);
        using var http = host.CreateClient();
        using (var negotiate = await http.PostAsync(ConnectionLimits.CircuitsPath + "/negotiate?negotiateVersion=1", null))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, negotiate.StatusCode);
            Assert.Equal("application/problem+json", negotiate.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(negotiate.Headers.RetryAfter);
        }

        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        using var third = await EventuallyAsync(() => ConnectCircuitAsync(host));
        Assert.Equal(WebSocketState.Open, third.State);
    }

    [Fact]
    public async Task WithLimitsOffNoCapApplies()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Connections:MaxHubConnectionsPerAddress"] = "1", ["RateLimits:Enabled"] = "false",
        }, new FakeTimeProvider(StoreHost.Afternoon));

        await using var first = await ConnectHubAsync(host);
        await using var second = await ConnectHubAsync(host);

        Assert.Equal(HubConnectionState.Connected, second.State);
    }

    [Fact]
    public async Task AHubClientSendingMoreThanTheMessageLimitIsDisconnected()
    {
        await using var host = await StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Connections:HubMaxMessageBytes"] = "1024" }, new FakeTimeProvider(StoreHost.Afternoon));
        await using var connection = await ConnectHubAsync(host);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };

        // Under the limit: the hub has no such method, and says so; the connection stays.
        await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Anything", new string('x', 500)));
        Assert.Equal(HubConnectionState.Connected, connection.State);
        // Over it: the server drops the connection.
        await connection.SendAsync("Anything", new string('x', 2000));

        Assert.NotNull(await closed.Task.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task CircuitRetentionAndMessageLimitsComeFromConfiguration()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Connections:DisconnectedCircuitMaxRetained"] = "7",
            ["Connections:DisconnectedCircuitRetentionSeconds"] = "42",
            ["Connections:PausedCircuitMaxRetained"] = "9",
            ["Connections:PausedCircuitRetentionMinutes"] = "11",
            ["Connections:MaxBufferedUnacknowledgedRenderBatches"] = "4",
            ["Connections:CircuitMaxMessageBytes"] = "20000",
            ["Connections:HubMaxMessageBytes"] = "2048",
        }, new FakeTimeProvider(StoreHost.Afternoon));

        var circuits = host.Get<IOptions<CircuitOptions>>().Value;
        Assert.Equal(7, circuits.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromSeconds(42), circuits.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(9, circuits.PersistedCircuitInMemoryMaxRetained);
        Assert.Equal(TimeSpan.FromMinutes(11), circuits.PersistedCircuitInMemoryRetentionPeriod);
        Assert.Equal(4, circuits.MaxBufferedUnacknowledgedRenderBatches);
        // Blazor's circuit hub is internal to the framework: its options are found by name.
        var circuitHub = typeof(CircuitOptions).Assembly.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub", throwOnError: true)!;
        var circuitHubOptions = (IOptions<HubOptions>)host.Services.GetService(typeof(IOptions<>).MakeGenericType(typeof(HubOptions<>).MakeGenericType(circuitHub)))!;
        Assert.Equal(20000, circuitHubOptions.Value.MaximumReceiveMessageSize);
        Assert.Equal(2048, host.Get<IOptions<HubOptions<PricesHub>>>().Value.MaximumReceiveMessageSize);
    }

    [Fact]
    public async Task AnInvalidCapStopsStartUpNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            StoreHost.StartAsync(new Dictionary<string, string?> { ["Connections:MaxCircuitsPerAddress"] = "0" }));

        Assert.Contains("Connections:MaxCircuitsPerAddress", error.Message);
    }

    private static async Task<HubConnection> ConnectHubAsync(StoreHost host)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, PricesHub.Path)).Build();
        try
        {
            await connection.StartAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A circuit's connection as a browser opens it: a WebSocket to Blazor's hub and the handshake for its protocol.</summary>
    private static async Task<ClientWebSocket> ConnectCircuitAsync(StoreHost host)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(new Uri($"ws://{host.BaseAddress.Authority}{ConnectionLimits.CircuitsPath}"), CancellationToken.None);
            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
            var buffer = new byte[1024];
            var answer = await socket.ReceiveAsync(buffer, CancellationToken.None);
            Assert.Equal("{}\u001e", Encoding.UTF8.GetString(buffer, 0, answer.Count));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A closed connection frees its place once the server has seen it close.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> connect)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await connect();
            }
            catch (Exception) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }
}
