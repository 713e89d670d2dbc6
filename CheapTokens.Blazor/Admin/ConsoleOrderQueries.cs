using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Admin;

/// <summary>What to look for: free text (an order id, an email or part of one, a key's last 6 characters), a status, a UTC date range.</summary>
public sealed record OrderSearch(string? Text = null, OrderStatus? Status = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>One order in a list. <paramref name="KeyHints"/> are the last characters of its keys, never the keys.</summary>
public sealed record OrderRow(
    Guid Id, DateTimeOffset CreatedAt, string Email, Product Product, int Credits, decimal Total, OrderStatus Status, bool NeedsAttention,
    IReadOnlyList<string> KeyHints);

/// <summary>One thing that happened to an order, for its timeline.</summary>
public sealed record TimelineEvent(DateTimeOffset At, string Kind, string Text);

/// <summary>An order that needs a person, and why (one or more reasons).</summary>
public sealed record AttentionItem(OrderRow Order, IReadOnlyList<string> Reasons);

/// <summary>An order as the console shows it: the order with its key runs, its payment and its timeline. No secret is in here.</summary>
public sealed record OrderDossier(Order Order, Payment? Payment, IReadOnlyList<TimelineEvent> Timeline)
{
    public bool CanRetryProvisioning => Order.Status is OrderStatus.Paid or OrderStatus.Provisioning;

    public bool CanRefund => Order.Status is OrderStatus.Paid or OrderStatus.Provisioning or OrderStatus.Failed or OrderStatus.Fulfilled
                             || Payment?.State == PaymentState.RefundRefused;

    public bool CanRevoke => Order.Keys.Any(k => k.Status == OrderKeyStatus.Minted && k.RevokedAt is null);

    /// <summary>A paid order has a receipt to send again.</summary>
    public bool CanResendReceipt => Order.PaidAt is not null;
}

/// <summary>
/// The console's reading of orders: search, the latest, an order's whole story, and the queue of orders that need a
/// person. The actions an operator takes on one are their own services (<see cref="ConsoleRefund"/> and its siblings).
/// </summary>
public sealed class ConsoleOrderQueries(
    IDbContextFactory<StoreDbContext> dbFactory,
    IDbContextFactory<OperatorDbContext> consoleDb,
    OrderStore orders,
    PaymentLedger ledger,
    VeniceCallLog veniceCalls,
    IOptions<OperatorConsoleOptions> options,
    TimeProvider clock)
{
    public const int PageSize = 200;

    public async Task<IReadOnlyList<OrderRow>> SearchAsync(OrderSearch search, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Orders.AsNoTracking();
        var text = search.Text?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            if (Guid.TryParse(text, out var id))
            {
                query = query.Where(o => o.Id == id);
            }
            else
            {
                // The last characters of a key, or (part of) an email: whichever matches.
                var pattern = "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
                var byKey = db.OrderKeys.Where(k => k.ApiKeyHint == text).Select(k => k.OrderId);
                query = query.Where(o => EF.Functions.Like(o.Email, pattern, "\\") || byKey.Contains(o.Id));
            }
        }
        if (search.Status is { } status) query = query.Where(o => o.Status == status);
        if (search.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(o => o.CreatedAt >= start);
        }
        if (search.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(o => o.CreatedAt < end);
        }
        var found = await query.Include(o => o.Keys).OrderByDescending(o => o.CreatedAt).Take(PageSize).ToListAsync(cancellationToken);
        return found.Select(Row).ToList();
    }

    /// <summary>The latest orders, newest first, for the live list on the dashboard.</summary>
    public async Task<IReadOnlyList<OrderRow>> LatestAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Orders.AsNoTracking().Include(o => o.Keys).OrderByDescending(o => o.CreatedAt).Take(count).ToListAsync(cancellationToken);
        return found.Select(Row).ToList();
    }

    public static OrderRow Row(Order o) =>
        new(o.Id, o.CreatedAt, o.Email, o.Product, o.Credits, o.Total, o.Status, o.NeedsAttention,
            o.Runs.Where(k => k.ApiKeyHint is not null).Select(k => k.ApiKeyHint!).ToList());

    public async Task<OrderDossier?> GetAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(orderId, cancellationToken);
        if (order is null) return null;
        var payment = await ledger.FindByOrderAsync(orderId, cancellationToken);
        await using var db = await consoleDb.CreateDbContextAsync(cancellationToken);
        var subject = ConsoleOrderAction.Subject(orderId);
        var actions = await db.AuditLog.AsNoTracking().Where(e => e.Action.EndsWith(subject)).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var calls = await veniceCalls.ForOrderAsync(orderId, cancellationToken);
        return new OrderDossier(order, payment, OrderTimeline.Of(order, payment, actions, calls));
    }

    /// <summary>
    /// Orders a person has to look at, each with its reasons: a refused refund (or one made outside the store), a
    /// failed order whose refund has not gone through, a payment reconciliation has not settled or that disagrees with
    /// its order, an order waiting for its key longer than OperatorConsole:StuckAfterMinutes.
    /// </summary>
    public async Task<IReadOnlyList<AttentionItem>> NeedingAttentionAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var threshold = now - options.Value.StuckAfter;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var reasons = new Dictionary<Guid, List<string>>();
        void Add(Guid id, string reason) => (reasons.TryGetValue(id, out var list) ? list : reasons[id] = []).Add(reason);

        foreach (var o in await db.Orders.AsNoTracking().Where(o => o.NeedsAttention).Select(o => new { o.Id, o.FailureReason }).ToListAsync(cancellationToken))
            Add(o.Id, o.FailureReason ?? "Flagged for a person.");
        foreach (var o in await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Failed && !o.NeedsAttention && o.UpdatedAt < threshold)
                     .Select(o => new { o.Id, o.FailureReason, o.UpdatedAt }).ToListAsync(cancellationToken))
            Add(o.Id, $"Provisioning failed for good ({o.FailureReason}) and the refund has not gone through since {ConsoleFormat.Utc(o.UpdatedAt)}.");
        var waiting = await db.Orders.AsNoTracking().Include(o => o.Keys)
            .Where(o => (o.Status == OrderStatus.Paid || o.Status == OrderStatus.Provisioning) && o.UpdatedAt < threshold).ToListAsync(cancellationToken);
        foreach (var o in waiting.Where(o => o.NextScheduledRun is not { } next || next.MintAt < threshold))
            Add(o.Id, $"Stuck: {o.Status} since {ConsoleFormat.Utc(o.UpdatedAt)}, no key yet.");

        var unsettled = Payment.Unsettled;
        var mismatches = await (from p in db.Payments.AsNoTracking()
                                join o in db.Orders.AsNoTracking() on p.OrderId equals o.Id
                                where (unsettled.Contains(p.State) && p.UpdatedAt < threshold)
                                      || (p.State == PaymentState.Succeeded && (o.Status == OrderStatus.Created || o.Status == OrderStatus.Declined))
                                      || (p.State == PaymentState.Refunded && o.Status != OrderStatus.Refunded)
                                select new { p.OrderId, p.State, p.UpdatedAt, o.Status }).ToListAsync(cancellationToken);
        foreach (var m in mismatches)
            Add(m.OrderId, unsettled.Contains(m.State)
                ? $"Reconciliation has not settled the payment: {m.State} since {ConsoleFormat.Utc(m.UpdatedAt)}."
                : $"Reconciliation mismatch: the payment is {m.State} but the order is {m.Status}.");

        if (reasons.Count == 0) return [];
        var ids = reasons.Keys.ToList();
        var found = await db.Orders.AsNoTracking().Include(o => o.Keys).Where(o => ids.Contains(o.Id)).ToListAsync(cancellationToken);
        return found.OrderBy(o => o.CreatedAt).Select(o => new AttentionItem(Row(o), reasons[o.Id])).ToList();
    }
}
