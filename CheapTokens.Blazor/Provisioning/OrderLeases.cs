using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Scaling;
using CheapTokens.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>A node's claim on one order while its worker turns it into a key; it runs out unless renewed.</summary>
public sealed class OrderLease
{
    public Guid OrderId { get; set; }

    /// <summary>The node holding the order (<see cref="NodeIdentity"/>).</summary>
    public string Node { get; set; } = "";

    public DateTimeOffset Until { get; set; }
}

/// <summary>
/// With several nodes (PostgreSQL), one order is worked on by one node at a time: its worker takes the order's lease
/// with one conditional upsert before anything else, renews it while it works and gives it back when done. A node
/// that dies stops renewing; once its leases have run out, <see cref="ResumeOrphanedOrdersJob"/> hands its orders to
/// a live node, whose worker resumes them as after a restart (reconciling with Venice first). On SQLite there is one
/// process per database and nothing to share: every lease is granted.
/// </summary>
public sealed class OrderLeases(IDbContextFactory<StoreDbContext> dbFactory, NodeIdentity node, IOptions<DatabaseOptions> database, TimeProvider clock)
{
    /// <summary>How long a lease lasts unless renewed; renewed every third of it.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);

    public bool Shared => database.Value.IsPostgres;

    /// <summary>True when this node now holds the order (it was free, expired, or already this node's).</summary>
    public async Task<bool> TryTakeAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (!Shared) return true;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Instants as the model stores them on PostgreSQL, so the raw comparison matches LINQ's.
        var until = UtcInstantConverter.ToStored(now + Duration);
        var nowStored = UtcInstantConverter.ToStored(now);
        var nodeId = node.Id;
        var taken = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
             INSERT INTO "OrderLeases" ("OrderId", "Node", "Until") VALUES ({orderId}, {nodeId}, {until})
             ON CONFLICT ("OrderId") DO UPDATE SET "Node" = excluded."Node", "Until" = excluded."Until"
             WHERE "OrderLeases"."Node" = excluded."Node" OR "OrderLeases"."Until" < {nowStored}
             """, cancellationToken);
        return taken == 1;
    }

    /// <summary>
    /// Takes or renews, in one statement, the leases of the orders waiting in this node's line: another node's orphan
    /// scan then sees them held. An order another live node holds stays theirs (this node's worker then skips it).
    /// </summary>
    public async Task HoldQueuedAsync(IReadOnlyCollection<Guid> orderIds, CancellationToken cancellationToken)
    {
        if (!Shared || orderIds.Count == 0) return;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var until = UtcInstantConverter.ToStored(now + Duration);
        var nowStored = UtcInstantConverter.ToStored(now);
        var nodeId = node.Id;
        var ids = orderIds.ToArray();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
             INSERT INTO "OrderLeases" ("OrderId", "Node", "Until") SELECT id, {nodeId}, {until} FROM unnest({ids}) AS id
             ON CONFLICT ("OrderId") DO UPDATE SET "Node" = excluded."Node", "Until" = excluded."Until"
             WHERE "OrderLeases"."Node" = excluded."Node" OR "OrderLeases"."Until" < {nowStored}
             """, cancellationToken);
    }

    /// <summary>Keeps the lease while <paramref name="work"/> runs, then gives it back.</summary>
    public async Task<T> HoldWhileAsync<T>(Guid orderId, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (!Shared) return await work();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewAsync(orderId, stop.Token);
        try
        {
            return await work();
        }
        finally
        {
            await stop.CancelAsync();
            await renewing;
            await ReleaseAsync(orderId);
        }
    }

    /// <summary>
    /// Unfinished orders with work to do now that nobody holds a live lease on: their node died, or never got to them.
    /// A pass whose remaining runs all start later has nothing to do now (the mint triggers wake it), an order in a
    /// live node's line or worked on there is held by that node, and one changed within a lease's time is on its way
    /// into a line.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ListOrphanedAsync(IReadOnlyList<Guid> unfinished, CancellationToken cancellationToken)
    {
        if (!Shared || unfinished.Count == 0) return unfinished;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var held = await db.Set<OrderLease>().AsNoTracking()
            .Where(l => unfinished.Contains(l.OrderId) && l.Until >= now)
            .Select(l => l.OrderId)
            .ToListAsync(cancellationToken);
        var scheduled = db.OrderKeys.Where(k => unfinished.Contains(k.OrderId) && k.Status == OrderKeyStatus.Scheduled);
        var withRunsLeft = await scheduled.Select(k => k.OrderId).Distinct().ToListAsync(cancellationToken);
        var withRunDue = await scheduled.Where(k => k.MintAt <= now).Select(k => k.OrderId).Distinct().ToListAsync(cancellationToken);
        var onlyLaterRuns = withRunsLeft.Except(withRunDue);
        // An order changed within one lease's time is still in its node's hands: just paid and on its way into that
        // node's line, whose lease is taken a moment later. Were it orphaned, its lease would have had to run out too.
        var since = now - Duration;
        var justChanged = await db.Orders.AsNoTracking().Where(o => unfinished.Contains(o.Id) && o.UpdatedAt > since)
            .Select(o => o.Id).ToListAsync(cancellationToken);
        return unfinished.Except(held).Except(onlyLaterRuns).Except(justChanged).ToList();
    }

    private async Task RenewAsync(Guid orderId, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Duration / 3, clock, stop);
                await using var db = await dbFactory.CreateDbContextAsync(stop);
                var until = clock.GetUtcNow() + Duration;
                await db.Set<OrderLease>().Where(l => l.OrderId == orderId && l.Node == node.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.Until, until), stop);
            }
        }
        catch (OperationCanceledException)
        {
            // Work done (or shutting down): the lease is given back, or runs out.
        }
    }

    /// <summary>Gives back this node's lease on the order, if it holds it.</summary>
    public async Task ReleaseAsync(Guid orderId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Set<OrderLease>().Where(l => l.OrderId == orderId && l.Node == node.Id).ExecuteDeleteAsync();
    }
}
