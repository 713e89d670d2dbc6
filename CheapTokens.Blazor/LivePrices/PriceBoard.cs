using CheapTokens.Core.Pricing;
using CheapTokens.Core.Supply;
using CheapTokens.Core.Time;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>Computes the current price board from the configured curve, the clock and today's sales.</summary>
public sealed class PriceBoard(IOptions<PricingOptions> options, PriceCurve curve, ISupplyLedger ledger, TimeProvider clock)
{
    public async Task<PriceSnapshot> ComputeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sold = await ledger.GetSoldAsync(UtcDay.DateOf(now), cancellationToken);
        return PriceSnapshot.Compute(curve, options.Value.DailySupply, sold, now);
    }
}
