using CheapTokens.Blazor.Data;
using CheapTokens.Core.Orders;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Orders;

/// <summary>Loads and changes orders, one context and one transaction per change.</summary>
public sealed class OrderStore(IDbContextFactory<StoreDbContext> dbFactory)
{
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

    public async Task<Order?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Orders.AsNoTracking().Include(o => o.Keys).SingleOrDefaultAsync(o => o.Token == token, cancellationToken);
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<Order>> ListByTokensAsync(IReadOnlyCollection<string> tokens, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Orders.AsNoTracking().Include(o => o.Keys)
            .Where(o => tokens.Contains(o.Token))
            .OrderByDescending(o => o.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> ListIdsInStatusAsync(IReadOnlyCollection<OrderStatus> statuses, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Orders.Where(o => statuses.Contains(o.Status)).OrderBy(o => o.CreatedAt).Select(o => o.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Scheduled runs of Paid/Provisioning orders, optionally only those due by <paramref name="before"/>, by MintAt.</summary>
    public async Task<IReadOnlyList<ScheduledRun>> ListScheduledRunsAsync(DateTimeOffset? before, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = from key in db.OrderKeys
                   join order in db.Orders on key.OrderId equals order.Id
                   where key.Status == OrderKeyStatus.Scheduled
                         && (order.Status == OrderStatus.Paid || order.Status == OrderStatus.Provisioning)
                   select key;
        if (before is { } until) runs = runs.Where(k => k.MintAt <= until);
        return await runs.OrderBy(k => k.MintAt).ThenBy(k => k.RunNumber)
            .Select(k => new ScheduledRun(k.OrderId, k.Id, k.RunNumber, k.MintAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="change"/> (a state transition, perhaps with supply changes through the same
    /// context) and saves it in one transaction. A concurrent change to the same order makes this one throw
    /// <see cref="DbUpdateConcurrencyException"/> instead of silently overwriting it.
    /// </summary>
    public async Task<Order> ChangeAsync(Guid orderId, Func<Order, StoreDbContext, Task> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await db.Orders.Include(o => o.Keys).SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken)
                    ?? throw new KeyNotFoundException($"No order {orderId}.");
        await change(order, db);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return order;
    }

    public Task<Order> ChangeAsync(Guid orderId, Action<Order> change, CancellationToken cancellationToken) =>
        ChangeAsync(orderId, (order, _) =>
        {
            change(order);
            return Task.CompletedTask;
        }, cancellationToken);
}
