using CheapTokens.Core.Pricing;
using CheapTokens.Core.Supply;
using CheapTokens.Core.Time;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>Computes the current price board from the configured curve, the clock and today's sales.</summary>
public sealed class PriceBoard(PriceCurve curve, ISupplyLedger ledger, TimeProvider clock)
{
    public async Task<PriceSnapshot> ComputeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = (await ledger.GetRemainingAsync([UtcDay.DateOf(now)], cancellationToken))[0];
        return PriceSnapshot.Compute(curve, new SupplySnapshot(ledger.DailySupply, today.Remaining), now);
    }
}
