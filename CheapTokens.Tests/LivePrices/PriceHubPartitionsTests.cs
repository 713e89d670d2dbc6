using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Scaling;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CheapTokens.Tests.LivePrices;

/// <summary>Who joins which hub group, and when: never in time to be sent the snapshot it was given on connect.</summary>
public class PriceHubPartitionsTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 6, 20, 0, 0, TimeSpan.Zero);

    private sealed class RecordingGroups : IGroupManager
    {
        public List<(string Connection, string Group)> Added { get; } = [];

        public Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
        {
            Added.Add((connectionId, groupName));
            return Task.CompletedTask;
        }

        public Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private static PriceHubPartitions Partitions(int count) =>
        new(new NodeIdentity(), Options.Create(new LivePricesOptions { HubSendPartitions = count }));

    [Fact]
    public async Task AConnectionSentTheLatestSnapshotJoinsOnlyBeforeANewerOneGoesOut()
    {
        var partitions = Partitions(2);
        var groups = new RecordingGroups();
        partitions.Admit("a", T);

        // The tick it was sent on connect may still be on its way to the group: not yet.
        await partitions.AdmitWaitingAsync(groups, T);
        Assert.Empty(groups.Added);

        await partitions.AdmitWaitingAsync(groups, T.AddSeconds(1));
        Assert.Equal([("a", partitions.Groups[0])], groups.Added);

        // Joined once: later ticks add nothing.
        await partitions.AdmitWaitingAsync(groups, T.AddSeconds(2));
        Assert.Single(groups.Added);
    }

    [Fact]
    public async Task ConnectionsAreDealtRoundRobinAndOneThatLeftNeverJoins()
    {
        var partitions = Partitions(3);
        var groups = new RecordingGroups();
        foreach (var id in new[] { "a", "b", "c", "d" }) partitions.Admit(id, null);
        partitions.Leave("c");

        await partitions.AdmitWaitingAsync(groups, T);

        Assert.Equal([("a", partitions.Groups[0]), ("b", partitions.Groups[1]), ("d", partitions.Groups[0])], groups.Added);
        Assert.Equal(3, partitions.Groups.Distinct().Count());
    }
}
