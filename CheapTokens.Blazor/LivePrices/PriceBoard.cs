using CheapTokens.Core.Pricing;
using CheapTokens.Core.Provisioning;
using CheapTokens.Core.Supply;
using CheapTokens.Core.Time;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>
/// Computes the current price board from the configured curve, the clock and today's sales, and (when the app has one)
/// today's key capacity: once per tick, for every viewer.
/// </summary>
public sealed class PriceBoard(PriceCurve curve, ISupplyLedger ledger, TimeProvider clock, IKeyCapacity? keyCapacity = null)
{
    public async Task<PriceSnapshot> ComputeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = (await ledger.GetRemainingAsync([UtcDay.DateOf(now)], cancellationToken))[0];
        var snapshot = PriceSnapshot.Compute(curve, new SupplySnapshot(ledger.DailySupply, today.Remaining), now);
        return keyCapacity is null ? snapshot : snapshot with { OrdersLeftToday = (await keyCapacity.ComputeAsync(cancellationToken)).OrdersLeft };
    }
}
