using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;

namespace CheapTokens.Blazor.Admin;

/// <summary>The console's resend of a receipt with a new order link: serialised per order, once per request, audited without the link.</summary>
public sealed class ConsoleReceiptResend(
    KeyedLocks locks,
    OrderStore orders,
    OrderLinks links,
    IReceiptSender receipts,
    OperatorAudit audit,
    ILogger<ConsoleReceiptResend> logger,
    TimeProvider clock)
{
    /// <summary>
    /// Sends the receipt again with a new order link (the store keeps only hashes of links, so the old one cannot be
    /// re-sent). Earlier links keep working unless <paramref name="retireEarlierLinks"/>, and then only once the mail
    /// with the new link went out, so the buyer is never left without a working link. <paramref name="requestId"/>
    /// names this request (one per confirmation): a repeat of it sends nothing. The audit never holds the link.
    /// </summary>
    public async Task<OrderActionResult> ResendReceiptAsync(Guid orderId, string requestId, bool retireEarlierLinks, string actor, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(ConsoleOrderAction.LockKey(orderId), cancellationToken);
        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"No order {orderId}.");
        if (order.PaidAt is null) return new(false, $"Only a paid order has a receipt; this one is {order.Status}.");
        var liveBefore = await links.LiveCountAsync(orderId, cancellationToken);
        var token = await links.IssueAsync(orderId, requestId, clock.GetUtcNow(), cancellationToken);
        if (token is null) return new(false, "This resend was already done; nothing was sent again.");

        var to = MaskedEmail.Of(order.Email);
        var before = $"{liveBefore} working link{(liveBefore == 1 ? "" : "s")}";
        try
        {
            var stage = OrderStages.Of(order.Status, order.Runs.Count(k => k.Status == OrderKeyStatus.Minted));
            await receipts.SendAsync(new OrderReceipt(order.Email, $"/orders/{token}", order.Credits, order.Total, stage), cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Could not send the receipt again for order {OrderId}: {Failure}", orderId, ex.GetType().Name);
            await audit.RecordAsync(ConsoleOrderAction.Named("resend receipt", orderId), before, $"new link issued, mail to {to} failed; earlier links kept", cancellationToken, actor);
            return new(true, "The mail could not be sent; earlier links still work. Try again.");
        }

        var retired = retireEarlierLinks ? await links.RetireEarlierAsync(orderId, requestId, clock.GetUtcNow(), cancellationToken) : 0;
        var after = retireEarlierLinks
            ? $"new link sent to {to}; {retired} earlier link{(retired == 1 ? "" : "s")} retired"
            : $"new link sent to {to}; earlier links kept ({liveBefore + 1} working)";
        await audit.RecordAsync(ConsoleOrderAction.Named("resend receipt", orderId), before, after, cancellationToken, actor);
        return new(true, retireEarlierLinks ? $"Receipt sent to {to} with a new link; the earlier links no longer open the order." : $"Receipt sent to {to} with a new link; earlier links still work.");
    }
}
