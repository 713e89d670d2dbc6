using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Core.Pricing;
using CheapTokens.Core.Provisioning;
using CheapTokens.Core.Supply;
using CheapTokens.Core.Time;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>
/// Computes the current price board from the configured curve, the clock and today's sales, and (when the app has one)
/// today's key capacity and whether sales are paused, with the pricing version in force: once per tick, for every viewer.
/// </summary>
/// <remarks>With several nodes the credits and orders left are the ones the first node to tick in this second wrote (<see cref="SharedBoard"/>).</remarks>
public sealed class PriceBoard(
    LivePricing pricing, ISupplyLedger ledger, TimeProvider clock, IKeyCapacity? keyCapacity = null, SalesGate? sales = null,
    PricingVersions? versions = null, SharedBoard? shared = null)
{
    public async Task<PriceSnapshot> ComputeAsync(CancellationToken cancellationToken)
    {
        // A version saved by another process is in force here from this tick on.
        if (versions is not null) await versions.RefreshAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var remaining = (await ledger.GetRemainingAsync([UtcDay.DateOf(now)], cancellationToken))[0].Remaining;
        int? ordersLeft = keyCapacity is null ? null : (await keyCapacity.ComputeAsync(cancellationToken)).OrdersLeft;
        if (shared is not null) (remaining, ordersLeft) = await shared.AgreeAsync(now, remaining, ordersLeft, cancellationToken);
        var snapshot = PriceSnapshot.Compute(pricing.Curve, new SupplySnapshot(ledger.DailySupply, remaining), now);
        if (ordersLeft is not null) snapshot = snapshot with { OrdersLeftToday = ordersLeft };
        // Re-read each tick: a pause set by another process reaches this one's pages and checkout within a tick.
        if (sales is not null) snapshot = snapshot with { SalesPausedReason = (await sales.RefreshAsync(cancellationToken)).Reason };
        return snapshot;
    }
}
