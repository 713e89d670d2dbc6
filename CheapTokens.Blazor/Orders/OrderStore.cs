using CheapTokens.Blazor.Data;
using CheapTokens.Core.Orders;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Orders;

/// <summary>
/// Loads and changes orders, one context and one transaction per change. Placing an order and settling its payment
/// (which move its supply and its quote with it) go through <c>PaymentLedger</c>.
/// </summary>
public sealed class OrderStore(IDbContextFactory<StoreDbContext> dbFactory)
{
    private static readonly OrderStatus[] Unfinished = [OrderStatus.Paid, OrderStatus.Provisioning, OrderStatus.Failed];

    public async Task<Order?> FindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Orders.AsNoTracking().Include(o => o.Keys).SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken);
    }

    public async Task<Order?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Orders.AsNoTracking().Include(o => o.Keys).SingleOrDefaultAsync(o => o.IdempotencyKey == idempotencyKey, cancellationToken);
    }

    /// <summary>
    /// The order a link opens: the link it was placed with or one issued when its receipt was sent again, unless that
    /// link was retired (see <see cref="OrderLink"/>).
    /// </summary>
    public async Task<Order?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = OrderToken.Hash(token);
        // Set<T>(), not the OrderLinks property: a query expression cannot hold an extension property.
        return await db.Orders.AsNoTracking().Include(o => o.Keys)
            .Where(o => o.TokenHash == hash || db.Set<OrderLink>().Any(l => l.OrderId == o.Id && l.TokenHash == hash))
            .Where(o => !db.Set<OrderLink>().Any(l => l.TokenHash == hash && l.RetiredAt != null))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Newest first, each with the token it was found by (one per order; retired links find nothing).</summary>
    public async Task<IReadOnlyList<(Order Order, string Token)>> ListByTokensAsync(IReadOnlyCollection<string> tokens, CancellationToken cancellationToken)
    {
        var byHash = tokens.Distinct().ToDictionary(OrderToken.Hash);
        var hashes = byHash.Keys.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var links = await db.OrderLinks.AsNoTracking().Where(l => hashes.Contains(l.TokenHash))
            .Select(l => new { l.OrderId, l.TokenHash, Retired = l.RetiredAt != null }).ToListAsync(cancellationToken);
        var retired = links.Where(l => l.Retired).Select(l => l.TokenHash).ToHashSet(StringComparer.Ordinal);
        var linked = links.Where(l => !l.Retired).ToLookup(l => l.OrderId, l => l.TokenHash);
        var linkedIds = linked.Select(g => g.Key).ToList();
        var found = await db.Orders.AsNoTracking().Include(o => o.Keys)
            .Where(o => hashes.Contains(o.TokenHash) || linkedIds.Contains(o.Id))
            .OrderByDescending(o => o.CreatedAt)
            .ToListAsync(cancellationToken);
        var listed = new List<(Order, string)>();
        foreach (var order in found)
        {
            var hash = byHash.ContainsKey(order.TokenHash) && !retired.Contains(order.TokenHash) ? order.TokenHash : linked[order.Id].FirstOrDefault();
            if (hash is not null) listed.Add((order, byHash[hash]));
        }
        return listed;
    }

    /// <summary>Paid, provisioning and failed-but-unrefunded orders, oldest first: provisioning's to-do list after a restart.</summary>
    public async Task<IReadOnlyList<Guid>> ListUnfinishedIdsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // An order whose refund was refused for good waits for a person, not for another try.
        return await db.Orders.Where(o => Unfinished.Contains(o.Status) && !o.NeedsAttention).OrderBy(o => o.CreatedAt).Select(o => o.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Scheduled runs of paid or provisioning orders due at or before <paramref name="before"/>, by MintAt.</summary>
    public async Task<IReadOnlyList<ScheduledRun>> ListRunsDueAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = from key in db.OrderKeys
                   join order in db.Orders on key.OrderId equals order.Id
                   where key.Status == OrderKeyStatus.Scheduled
                         && (order.Status == OrderStatus.Paid || order.Status == OrderStatus.Provisioning)
                         && key.MintAt <= before
                   select key;
        return await runs.OrderBy(k => k.MintAt).ThenBy(k => k.RunNumber)
            .Select(k => new ScheduledRun(k.OrderId, k.Id, k.RunNumber, k.MintAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="change"/> (a state transition) and saves it in one transaction. A concurrent change to
    /// the same order makes this one throw <see cref="DbUpdateConcurrencyException"/> instead of silently overwriting it.
    /// </summary>
    public Task<Order> ChangeAsync(Guid orderId, Action<Order> change, CancellationToken cancellationToken) =>
        TransactionRetry.RunAsync(() => ChangeOnceAsync(orderId, change, cancellationToken));

    private async Task<Order> ChangeOnceAsync(Guid orderId, Action<Order> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await db.Orders.Include(o => o.Keys).SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken)
                    ?? throw new KeyNotFoundException($"No order {orderId}.");
        change(order);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return order;
    }
}
