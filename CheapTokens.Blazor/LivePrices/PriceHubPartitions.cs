using CheapTokens.Blazor.Scaling;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>
/// The hub's clients on this node, dealt round-robin into groups that are sent to in parallel: one group's send writes
/// to its connections one after another on one thread, so a tick reaches 20,000 subscribers in a fraction of the time
/// when each core takes a share. The groups are per node: every node ticks from the shared supply on the same clock
/// and sends its own ticks to its own clients (sent to all, a client would get every node's tick, once per node).
/// </summary>
public sealed class PriceHubPartitions
{
    private readonly ConcurrentQueue<Admission> _waiting = new();
    private readonly ConcurrentDictionary<string, byte> _connected = new();
    private int _next = -1;

    private sealed record Admission(string ConnectionId, string Group, DateTimeOffset? Seen);

    public PriceHubPartitions(NodeIdentity node, IOptions<LivePricesOptions> options)
    {
        var count = options.Value.HubSendPartitions is > 0 and var configured ? configured : Environment.ProcessorCount;
        Groups = Enumerable.Range(0, count).Select(i => $"node-{node.Id}-{i}").ToArray();
    }

    /// <summary>This node's groups, one per partition.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>A new connection that has been sent the snapshot of <paramref name="seen"/> (null: none yet).</summary>
    public void Admit(string connectionId, DateTimeOffset? seen)
    {
        _connected[connectionId] = 0;
        var group = Groups[(int)((uint)Interlocked.Increment(ref _next) % (uint)Groups.Count)];
        _waiting.Enqueue(new Admission(connectionId, group, seen));
    }

    public void Leave(string connectionId) => _connected.TryRemove(connectionId, out _);

    public int ConnectedCount => _connected.Count;

    /// <summary>
    /// Before <paramref name="next"/> goes out: the connections waiting for a newer snapshot than the one they were
    /// sent join their groups; the rest (sent this very snapshot on connect) wait for the one after.
    /// </summary>
    public async Task AdmitWaitingAsync(IGroupManager groups, DateTimeOffset next)
    {
        var stillWaiting = new List<Admission>();
        while (_waiting.TryDequeue(out var admission))
        {
            if (!_connected.ContainsKey(admission.ConnectionId)) continue;
            if (admission.Seen >= next)
            {
                stillWaiting.Add(admission);
                continue;
            }
            try
            {
                await groups.AddToGroupAsync(admission.ConnectionId, admission.Group);
            }
            catch (Exception) when (_connected.ContainsKey(admission.ConnectionId))
            {
                // Tried again before the next snapshot; the caller logs the failure.
                stillWaiting.Add(admission);
                foreach (var admitted in stillWaiting) _waiting.Enqueue(admitted);
                throw;
            }
        }
        foreach (var admission in stillWaiting) _waiting.Enqueue(admission);
    }
}
