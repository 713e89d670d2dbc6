using System.Globalization;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Time;

namespace CheapTokens.Blazor.Admin;

/// <summary>An order's story for the console, told from what the store recorded about it.</summary>
public static class OrderTimeline
{
    /// <summary>Every step the store recorded, oldest first: the order's states, its payment, each Venice key, operators' actions.</summary>
    public static IReadOnlyList<TimelineEvent> Of(Order order, Payment? payment, IReadOnlyList<AuditEntry> actions, IReadOnlyList<VeniceCall>? calls = null)
    {
        var events = new List<TimelineEvent>
        {
            new(order.CreatedAt, "order", $"Placed: {Describe(order)} for {ConsoleFormat.Dollars(order.Total)}, paying by {order.PaymentMethod}."),
        };
        if (payment is not null)
        {
            events.Add(new(payment.CreatedAt, "payment", $"Charge of {ConsoleFormat.Dollars(payment.Amount)} saved in the ledger before the processor was called."));
            if (payment.State != PaymentState.Pending || payment.ChargeId is not null)
                events.Add(new(payment.UpdatedAt, "payment", PaymentNow(payment)));
        }
        if (order.PaidAt is { } paid) events.Add(new(paid, "order", $"Paid (charge {order.ChargeId})."));
        if (order.Status == OrderStatus.Declined)
            events.Add(new(order.UpdatedAt, "order", $"Declined: {order.FailureCode}{(order.FailureReason is { } r ? " — " + r : "")}"));
        foreach (var run in order.Runs)
        {
            var label = order.Product == Product.Pass ? $"Run {run.RunNumber} ({IsoDate.Format(run.DateFrom)}–{IsoDate.Format(run.DateTo)})" : "Key";
            if (run.ProvisioningStartedAt is { } started) events.Add(new(started, "venice", $"{label}: minting started ({run.Credits} diem limit)."));
            if (run.MintedAt is { } minted)
                events.Add(new(minted, "venice",
                    $"{label}: Venice issued key {run.VeniceKeyId} (ends …{run.ApiKeyHint}) on account {run.VeniceAccount ?? "default"}, expires {ConsoleFormat.Utc(run.ExpiresAt)}."));
            if (run.RevokedAt is { } revoked) events.Add(new(revoked, "venice", $"{label}: key {run.VeniceKeyId} revoked on Venice."));
            if (run.Status == OrderKeyStatus.Cancelled) events.Add(new(order.FailedAt ?? order.UpdatedAt, "venice", $"{label}: cancelled before a key was issued."));
        }
        if (order.FulfilledAt is { } fulfilled) events.Add(new(fulfilled, "order", $"{OrderStages.Word(OrderStage.Ready)}: every key issued."));
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

    private static string Describe(Order o) => o.Product == Product.Pass ? $"pass, {o.DiemPerDay} diem a day ({o.Credits} diem in all)" : $"{o.Credits} credits";
}
