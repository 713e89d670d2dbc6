using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.LivePrices;

namespace CheapTokens.Blazor.Admin;

/// <summary>Pauses and resumes sales from the console: saved, audited, and pushed to every open page at once.</summary>
public sealed class SalesControl(SalesGate gate, PriceBoard board, PriceFeed feed, OperatorAudit audit)
{
    /// <summary>Pauses (or changes the reason); true when something changed. The same request twice changes nothing.</summary>
    public Task<bool> PauseAsync(string reason, string actor, CancellationToken cancellationToken) => SetAsync(reason, actor, cancellationToken);

    public Task<bool> ResumeAsync(string actor, CancellationToken cancellationToken) => SetAsync(null, actor, cancellationToken);

    private async Task<bool> SetAsync(string? reason, string actor, CancellationToken cancellationToken)
    {
        // The change and its audit entry commit together.
        var before = await gate.SetAsync(reason, actor, cancellationToken, (db, was) =>
            audit.RecordInAsync(db, reason is null ? "resume sales" : "pause sales", Describe(was.Reason), Describe(reason?.Trim()), actor, cancellationToken));
        if (before is null) return false;
        // Not waiting for the next tick: pages and the hub see the change now.
        feed.Publish(await board.ComputeAsync(cancellationToken));
        return true;
    }

    private static string Describe(string? reason) => reason is null ? "selling" : $"paused: {reason}";
}
