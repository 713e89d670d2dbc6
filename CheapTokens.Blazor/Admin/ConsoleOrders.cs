using System.Globalization;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Venice;
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

/// <summary>What an order action did: <paramref name="Changed"/> is false when there was nothing to do (done before, or not allowed).</summary>
public sealed record OrderActionResult(bool Changed, string Message);

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
/// The console's orders: search, an order's whole story, the queue of orders that need a person, and the actions an
/// operator takes on one. Every action is serialised per order, does nothing when already done, and is audited when
/// it changed something.
/// </summary>
public sealed class ConsoleOrders(
    IDbContextFactory<StoreDbContext> dbFactory,
    IDbContextFactory<OperatorDbContext> consoleDb,
    OrderStore orders,
    PaymentLedger ledger,
    IProvisioningQueue provisioning,
    OrderRefunds refunds,
    VeniceAccountStates accounts,
    OrderUpdates updates,
    KeyedLocks locks,
    OperatorAudit audit,
    VeniceCallLog veniceCalls,
    OrderLinks links,
    IReceiptSender receipts,
    ILogger<ConsoleOrders> logger,
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
        var subject = Subject(orderId);
        var actions = await db.AuditLog.AsNoTracking().Where(e => e.Action.EndsWith(subject)).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var calls = await veniceCalls.ForOrderAsync(orderId, cancellationToken);
        return new OrderDossier(order, payment, Timeline(order, payment, actions, calls));
    }

    /// <summary>Every step the store recorded, oldest first: the order's states, its payment, each Venice key, operators' actions.</summary>
    public static IReadOnlyList<TimelineEvent> Timeline(Order order, Payment? payment, IReadOnlyList<AuditEntry> actions, IReadOnlyList<VeniceCall>? calls = null)
    {
        var events = new List<TimelineEvent>
        {
            new(order.CreatedAt, "order", $"Placed: {Describe(order)} for {Dollars(order.Total)}, paying by {order.PaymentMethod}."),
        };
        if (payment is not null)
        {
            events.Add(new(payment.CreatedAt, "payment", $"Charge of {Dollars(payment.Amount)} saved in the ledger before the processor was called."));
            if (payment.State != PaymentState.Pending || payment.ChargeId is not null)
                events.Add(new(payment.UpdatedAt, "payment", PaymentNow(payment)));
        }
        if (order.PaidAt is { } paid) events.Add(new(paid, "order", $"Paid (charge {order.ChargeId})."));
        if (order.Status == OrderStatus.Declined)
            events.Add(new(order.UpdatedAt, "order", $"Declined: {order.FailureCode}{(order.FailureReason is { } r ? " — " + r : "")}"));
        foreach (var run in order.Runs)
        {
            var label = order.Product == Product.Pass ? $"Run {run.RunNumber} ({run.DateFrom:yyyy-MM-dd}–{run.DateTo:yyyy-MM-dd})" : "Key";
            if (run.ProvisioningStartedAt is { } started) events.Add(new(started, "venice", $"{label}: minting started ({run.Credits} diem limit)."));
            if (run.MintedAt is { } minted)
                events.Add(new(minted, "venice",
                    $"{label}: Venice issued key {run.VeniceKeyId} (ends …{run.ApiKeyHint}) on account {run.VeniceAccount ?? "default"}, expires {Utc(run.ExpiresAt)}."));
            if (run.RevokedAt is { } revoked) events.Add(new(revoked, "venice", $"{label}: key {run.VeniceKeyId} revoked on Venice."));
            if (run.Status == OrderKeyStatus.Cancelled) events.Add(new(order.FailedAt ?? order.UpdatedAt, "venice", $"{label}: cancelled before a key was issued."));
        }
        if (order.FulfilledAt is { } fulfilled) events.Add(new(fulfilled, "order", "Fulfilled: every key issued."));
        if (order.FailedAt is { } failed) events.Add(new(failed, "order", $"Failed: {order.FailureReason}"));
        if (order.RefundedAt is { } refunded) events.Add(new(refunded, "order", $"Refunded (refund {order.RefundId})."));
        if (order.NeedsAttention) events.Add(new(order.UpdatedAt, "attention", $"Needs a person: {order.FailureReason}"));
        events.AddRange(actions.Select(a => new TimelineEvent(a.At, "operator", $"{a.Actor}: {a.Action} ({a.Before} → {a.After})")));
        events.AddRange((calls ?? []).Select(c => new TimelineEvent(c.At, "venice call", Describe(c))));
        // Stable: events at the same instant keep the order they happened in.
        return events.OrderBy(e => e.At).ToList();
    }

    /// <summary>One Venice call as the timeline shows it, e.g. "create key → HTTP 429 retried (attempt 1, 12 ms): Rate limit exceeded".</summary>
    public static string Describe(VeniceCall c)
    {
        var answer = c.HttpStatus is { } status ? $"HTTP {status.ToString(CultureInfo.InvariantCulture)} {c.Outcome}" : c.Outcome;
        var key = c.VeniceKeyId is { } id ? $", key {id}" : "";
        var error = c.Error is { } e ? $": {e}" : "";
        return $"{c.Operation} → {answer} (attempt {c.Attempt.ToString(CultureInfo.InvariantCulture)}, {c.DurationMs.ToString(CultureInfo.InvariantCulture)} ms{key}){error}";
    }

    private static string PaymentNow(Payment p) => p.State switch
    {
        PaymentState.AwaitingBuyer => $"Processor holds charge {p.ChargeId}, waiting for the buyer to confirm.",
        PaymentState.Succeeded => $"Charge {p.ChargeId} succeeded.",
        PaymentState.Failed => $"Charge failed: {p.FailureCode}{(p.Message is { } m ? " — " + m : "")}",
        PaymentState.RefundPending => $"Refund asked for ({p.RefundAttempts} attempts without an answer so far): {p.Message}",
        PaymentState.Refunded => $"Refund {p.RefundId} done.",
        PaymentState.RefundRefused => $"Refund refused by the processor: {p.Message}",
        _ => $"Charge {p.ChargeId} sent; no final answer yet.",
    };

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
            Add(o.Id, $"Provisioning failed for good ({o.FailureReason}) and the refund has not gone through since {Utc(o.UpdatedAt)}.");
        var waiting = await db.Orders.AsNoTracking().Include(o => o.Keys)
            .Where(o => (o.Status == OrderStatus.Paid || o.Status == OrderStatus.Provisioning) && o.UpdatedAt < threshold).ToListAsync(cancellationToken);
        foreach (var o in waiting.Where(o => o.NextScheduledRun is not { } next || next.MintAt < threshold))
            Add(o.Id, $"Stuck: {o.Status} since {Utc(o.UpdatedAt)}, no key yet.");

        var unsettled = Payment.Unsettled;
        var mismatches = await (from p in db.Payments.AsNoTracking()
                                join o in db.Orders.AsNoTracking() on p.OrderId equals o.Id
                                where (unsettled.Contains(p.State) && p.UpdatedAt < threshold)
                                      || (p.State == PaymentState.Succeeded && (o.Status == OrderStatus.Created || o.Status == OrderStatus.Declined))
                                      || (p.State == PaymentState.Refunded && o.Status != OrderStatus.Refunded)
                                select new { p.OrderId, p.State, p.UpdatedAt, o.Status }).ToListAsync(cancellationToken);
        foreach (var m in mismatches)
            Add(m.OrderId, unsettled.Contains(m.State)
                ? $"Reconciliation has not settled the payment: {m.State} since {Utc(m.UpdatedAt)}."
                : $"Reconciliation mismatch: the payment is {m.State} but the order is {m.Status}.");

        if (reasons.Count == 0) return [];
        var ids = reasons.Keys.ToList();
        var found = await db.Orders.AsNoTracking().Include(o => o.Keys).Where(o => ids.Contains(o.Id)).ToListAsync(cancellationToken);
        return found.OrderBy(o => o.CreatedAt).Select(o => new AttentionItem(Row(o), reasons[o.Id])).ToList();
    }

    /// <summary>Hands a paid order without its key back to the provisioning worker (again). Refused for any other state.</summary>
    public async Task<OrderActionResult> RetryProvisioningAsync(Guid orderId, string actor, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(LockKey(orderId), cancellationToken);
        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"No order {orderId}.");
        if (order.Status is not (OrderStatus.Paid or OrderStatus.Provisioning))
            return new(false, $"Only a paid order still waiting for its key can be retried; this one is {order.Status}.");
        if (provisioning.PlaceOf(orderId) is not null)
            return new(false, "The order is already in the provisioning line.");
        provisioning.EnqueueNow(orderId);
        await audit.RecordAsync(Action("retry provisioning", orderId), order.Status.ToString(), "handed to provisioning", cancellationToken, actor);
        return new(true, "Handed to provisioning: the worker mints its key next.");
    }

    /// <summary>
    /// Gives the money back for a paid order that has no key (Paid, Provisioning, Failed), or for a fulfilled one after
    /// revoking its keys on Venice (nothing is refunded while a key still works), or asks again for a refund the
    /// processor refused (same refund key: it can never be paid out twice). A pass's keys stop with it.
    /// </summary>
    public async Task<OrderActionResult> RefundAsync(Guid orderId, string actor, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(LockKey(orderId), cancellationToken);
        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"No order {orderId}.");
        var payment = await ledger.FindByOrderAsync(orderId, cancellationToken);
        if (order.Status == OrderStatus.Refunded || payment?.State == PaymentState.Refunded) return new(false, "Already refunded.");
        var before = $"{order.Status}, payment {payment?.State}";
        var retryRefused = payment?.State == PaymentState.RefundRefused;
        if (!retryRefused && order.Status is not (OrderStatus.Paid or OrderStatus.Provisioning or OrderStatus.Failed or OrderStatus.Fulfilled))
            return new(false, $"Only a paid order can be refunded; this one is {order.Status}.");
        await RecordAskedAsync("refund", orderId, before, actor, cancellationToken);
        if (retryRefused)
        {
            await ledger.ChangeAsync(orderId, (c, _) =>
            {
                if (c.Payment.State == PaymentState.RefundRefused) c.Payment.RetryRefusedRefund(clock.GetUtcNow());
                return Task.CompletedTask;
            }, cancellationToken);
        }
        else if (order.Status == OrderStatus.Fulfilled)
        {
            if (await RevokeLiveKeysAsync(order, cancellationToken) is { } notRevoked)
            {
                await audit.RecordAsync(Action("refund", orderId), before, $"not done: {notRevoked}", cancellationToken, actor);
                return new(false, $"{notRevoked} Nothing was refunded.");
            }
            order = await orders.FindAsync(orderId, cancellationToken) ?? order;
        }

        await refunds.RefundAsync(order, "Refunded by an operator.", cancellationToken);
        var after = await orders.FindAsync(orderId, cancellationToken) ?? order;
        var paymentAfter = await ledger.FindByOrderAsync(orderId, cancellationToken);
        if (paymentAfter?.State == PaymentState.Refunded && after.NeedsAttention)
            after = await orders.ChangeAsync(orderId, o => o.ClearAttention(clock.GetUtcNow()), cancellationToken);
        updates.Publish(orderId);
        await audit.RecordAsync(Action("refund", orderId), before, $"{after.Status}, payment {paymentAfter?.State}", cancellationToken, actor);
        return paymentAfter?.State switch
        {
            PaymentState.Refunded => new(true, "Refunded."),
            PaymentState.RefundRefused => new(true, $"The processor refused the refund again: {paymentAfter.Message}"),
            _ => new(true, "Refund asked for; the processor has not answered yet. Reconciliation asks again with the same key."),
        };
    }

    /// <summary>Revokes the order's keys on Venice (each on the account holding it) and records it. Nothing to do once revoked.</summary>
    public async Task<OrderActionResult> RevokeKeysAsync(Guid orderId, string actor, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(LockKey(orderId), cancellationToken);
        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"No order {orderId}.");
        var live = LiveKeys(order);
        if (live.Count == 0) return new(false, "The order has no key left to revoke.");
        var ids = string.Join(", ", live.Select(k => k.VeniceKeyId));
        await RecordAskedAsync("revoke key", orderId, $"live: {ids}", actor, cancellationToken);
        if (await RevokeLiveKeysAsync(order, cancellationToken) is { } notRevoked)
        {
            await audit.RecordAsync(Action("revoke key", orderId), $"live: {ids}", $"not done: {notRevoked}", cancellationToken, actor);
            return new(false, notRevoked);
        }
        await audit.RecordAsync(Action("revoke key", orderId), $"live: {ids}", $"revoked: {ids}", cancellationToken, actor);
        return new(true, live.Count == 1 ? "Key revoked on Venice." : $"{live.Count} keys revoked on Venice.");
    }

    private static List<OrderKey> LiveKeys(Order order) =>
        order.Keys.Where(k => k.Status == OrderKeyStatus.Minted && k.RevokedAt is null && k.VeniceKeyId is not null).ToList();

    /// <summary>Revokes the order's live keys on Venice and records it; the reason when Venice did not (nothing recorded then).</summary>
    private async Task<string?> RevokeLiveKeysAsync(Order order, CancellationToken cancellationToken)
    {
        var live = LiveKeys(order);
        if (live.Count == 0) return null;
        using (VeniceCallScope.ForOrder(order.Id))
        {
            foreach (var key in live)
            {
                try
                {
                    // Revoking a key Venice no longer has is not an error, so asking again after a failure is safe.
                    await accounts.Accounts.ClientFor(key.VeniceAccount).RevokeKeyAsync(key.VeniceKeyId!, cancellationToken);
                }
                catch (VeniceException ex)
                {
                    return $"Venice did not revoke key {key.VeniceKeyId} ({ex.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no answer"}); nothing was recorded, try again.";
                }
            }
        }
        await orders.ChangeAsync(order.Id, o => o.MarkKeysRevoked(live.Select(k => k.Id).ToList(), clock.GetUtcNow()), cancellationToken);
        foreach (var key in live) accounts.Get(key.VeniceAccount).KeyRevoked();
        updates.Publish(order.Id);
        return null;
    }

    /// <summary>
    /// Sends the receipt again with a new order link (the store keeps only hashes of links, so the old one cannot be
    /// re-sent). Earlier links keep working unless <paramref name="retireEarlierLinks"/>, and then only once the mail
    /// with the new link went out, so the buyer is never left without a working link. <paramref name="requestId"/>
    /// names this request (one per confirmation): a repeat of it sends nothing. The audit never holds the link.
    /// </summary>
    public async Task<OrderActionResult> ResendReceiptAsync(Guid orderId, string requestId, bool retireEarlierLinks, string actor, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(LockKey(orderId), cancellationToken);
        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"No order {orderId}.");
        if (order.PaidAt is null) return new(false, $"Only a paid order has a receipt; this one is {order.Status}.");
        var liveBefore = await links.LiveCountAsync(orderId, cancellationToken);
        var token = await links.IssueAsync(orderId, requestId, clock.GetUtcNow(), cancellationToken);
        if (token is null) return new(false, "This resend was already done; nothing was sent again.");

        var to = MaskedEmail.Of(order.Email);
        var before = $"{liveBefore} working link{(liveBefore == 1 ? "" : "s")}";
        try
        {
            await receipts.SendAsync(new OrderReceipt(order.Email, $"/orders/{token}", order.Credits, order.Total), cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Could not send the receipt again for order {OrderId}: {Failure}", orderId, ex.GetType().Name);
            await audit.RecordAsync(Action("resend receipt", orderId), before, $"new link issued, mail to {to} failed; earlier links kept", cancellationToken, actor);
            return new(true, "The mail could not be sent; earlier links still work. Try again.");
        }

        var retired = retireEarlierLinks ? await links.RetireEarlierAsync(orderId, requestId, clock.GetUtcNow(), cancellationToken) : 0;
        var after = retireEarlierLinks
            ? $"new link sent to {to}; {retired} earlier link{(retired == 1 ? "" : "s")} retired"
            : $"new link sent to {to}; earlier links kept ({liveBefore + 1} working)";
        await audit.RecordAsync(Action("resend receipt", orderId), before, after, cancellationToken, actor);
        return new(true, retireEarlierLinks ? $"Receipt sent to {to} with a new link; the earlier links no longer open the order." : $"Receipt sent to {to} with a new link; earlier links still work.");
    }

    /// <summary>
    /// Refunds and revokes call the processor and Venice, which no database transaction of ours can include: the
    /// operator's request is recorded (committed) before the first call, and the outcome after it, so a crash between
    /// them still leaves the request in the log and nothing is ever done on an operator's word without an entry.
    /// </summary>
    private Task RecordAskedAsync(string what, Guid orderId, string before, string actor, CancellationToken cancellationToken) =>
        audit.RecordAsync($"asked: {Action(what, orderId)}", before, null, cancellationToken, actor);

    private static string LockKey(Guid orderId) => $"operator:{orderId:N}";

    /// <summary>Audit actions on an order end with the order's id, so its page can list them.</summary>
    private static string Subject(Guid orderId) => $"order {orderId}";

    private static string Action(string what, Guid orderId) => $"{what} · {Subject(orderId)}";

    private static string Describe(Order o) => o.Product == Product.Pass ? $"pass, {o.DiemPerDay} diem a day ({o.Credits} diem in all)" : $"{o.Credits} credits";

    public static string Dollars(decimal amount) => "$" + amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
