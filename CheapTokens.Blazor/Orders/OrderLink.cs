using CheapTokens.Blazor.Data;
using CheapTokens.Core.Orders;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Orders;

/// <summary>
/// An order link besides the one the order was placed with (whose hash is the order's own TokenHash): a link issued
/// when the receipt was sent again, or the record that an earlier link was retired. Only the token's SHA-256 hash is
/// kept. A retired row with the order's own hash retires the first link.
/// </summary>
public sealed class OrderLink
{
    private OrderLink()
    {
    }

    public long Id { get; private set; }

    public Guid OrderId { get; private set; }

    public string TokenHash { get; private set; } = "";

    public DateTimeOffset IssuedAt { get; private set; }

    /// <summary>The operator's resend that issued this link: a repeat of the same request finds it and sends nothing.</summary>
    public string? RequestId { get; private set; }

    /// <summary>Set once the link no longer opens the order.</summary>
    public DateTimeOffset? RetiredAt { get; private set; }

    public static OrderLink Issued(Guid orderId, string tokenHash, string requestId, DateTimeOffset now) =>
        new() { OrderId = orderId, TokenHash = tokenHash, RequestId = requestId, IssuedAt = now };

    /// <summary>The order's first link (its own TokenHash), retired.</summary>
    public static OrderLink RetiredFirst(Guid orderId, string tokenHash, DateTimeOffset issuedAt, DateTimeOffset now) =>
        new() { OrderId = orderId, TokenHash = tokenHash, IssuedAt = issuedAt, RetiredAt = now };

    public void Retire(DateTimeOffset now) => RetiredAt ??= now;
}

/// <summary>Issues and retires order links. The token itself is returned once, to be mailed, and never stored.</summary>
public sealed class OrderLinks(IDbContextFactory<StoreDbContext> dbFactory)
{
    /// <summary>A new link for the order; null when <paramref name="requestId"/> already issued one (a repeated request).</summary>
    public async Task<string?> IssueAsync(Guid orderId, string requestId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        if (await WasIssuedAsync(requestId, cancellationToken)) return null;
        var token = OrderToken.New();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.OrderLinks.Add(OrderLink.Issued(orderId, OrderToken.Hash(token), requestId, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same request won on another node a moment ago (unique RequestId).
            if (await WasIssuedAsync(requestId, cancellationToken)) return null;
            throw;
        }
        return token;
    }

    private async Task<bool> WasIssuedAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OrderLinks.AnyAsync(l => l.RequestId == requestId, cancellationToken);
    }

    /// <summary>Retires every link of the order except the one <paramref name="keepRequestId"/> issued. Returns how many it retired.</summary>
    public Task<int> RetireEarlierAsync(Guid orderId, string keepRequestId, DateTimeOffset now, CancellationToken cancellationToken) =>
        TransactionRetry.RunAsync(() => RetireEarlierOnceAsync(orderId, keepRequestId, now, cancellationToken));

    private async Task<int> RetireEarlierOnceAsync(Guid orderId, string keepRequestId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var first = await db.Orders.Where(o => o.Id == orderId).Select(o => new { o.TokenHash, o.CreatedAt }).SingleAsync(cancellationToken);
        var links = await db.OrderLinks.Where(l => l.OrderId == orderId).ToListAsync(cancellationToken);
        var retired = 0;
        foreach (var link in links.Where(l => l.RetiredAt is null && l.RequestId != keepRequestId))
        {
            link.Retire(now);
            retired++;
        }
        if (!links.Any(l => l.TokenHash == first.TokenHash))
        {
            db.OrderLinks.Add(OrderLink.RetiredFirst(orderId, first.TokenHash, first.CreatedAt, now));
            retired++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return retired;
    }

    /// <summary>How many links open the order now (its first one unless retired, and those issued since and not retired).</summary>
    public async Task<int> LiveCountAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var links = await db.OrderLinks.AsNoTracking().Where(l => l.OrderId == orderId).Select(l => new { l.RequestId, l.RetiredAt }).ToListAsync(cancellationToken);
        var firstRetired = links.Any(l => l.RequestId == null && l.RetiredAt != null);
        return (firstRetired ? 0 : 1) + links.Count(l => l.RequestId != null && l.RetiredAt == null);
    }
}
