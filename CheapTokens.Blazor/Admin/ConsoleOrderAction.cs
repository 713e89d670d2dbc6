namespace CheapTokens.Blazor.Admin;

/// <summary>What an order action did: <paramref name="Changed"/> is false when there was nothing to do (done before, or not allowed).</summary>
public sealed record OrderActionResult(bool Changed, string Message);

/// <summary>
/// What the console's order actions share: each is serialised per order under <see cref="LockKey"/>, and audited under
/// a name that ends with the order, so the order's page can list what operators did to it.
/// </summary>
public static class ConsoleOrderAction
{
    public static string LockKey(Guid orderId) => $"operator:{orderId:N}";

    /// <summary>Audit actions on an order end with the order's id, so its page can list them.</summary>
    public static string Subject(Guid orderId) => $"order {orderId}";

    public static string Named(string what, Guid orderId) => $"{what} · {Subject(orderId)}";

    /// <summary>
    /// Refunds and revokes call the processor and Venice, which no database transaction of ours can include: the
    /// operator's request is recorded (committed) before the first call, and the outcome after it, so a crash between
    /// them still leaves the request in the log and nothing is ever done on an operator's word without an entry.
    /// </summary>
    public static Task RecordAskedAsync(this OperatorAudit audit, string what, Guid orderId, string before, string actor, CancellationToken cancellationToken) =>
        audit.RecordAsync($"asked: {Named(what, orderId)}", before, null, cancellationToken, actor);
}
