using CheapTokens.Blazor.Pricing;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Pricing;
using CheapTokens.Core.Supply;
using CheapTokens.Core.Time;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Checkout;

/// <summary>The dates on sale for a pass, for a calendar: what is left of each and its unit price now.</summary>
public sealed class PassDateAvailability(ISupplyLedger supply, LivePricing pricing, TimeProvider clock)
{
    /// <summary>Each date on sale for a pass (today and the next Passes:HorizonDays - 1), with what is left and its unit price now.</summary>
    public async Task<IReadOnlyList<DateAvailability>> GetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = UtcDay.DateOf(now);
        var passes = pricing.Passes;
        var dates = Enumerable.Range(0, passes.HorizonDays).Select(today.AddDays).ToList();
        var passPricing = new PassPricing(pricing.Curve, passes.AdvanceDiscountPercent);
        return (await supply.GetRemainingAsync(dates, cancellationToken))
            .Select(d => new DateAvailability(d.Date, d.Remaining, d.Remaining <= 0, passPricing.UnitPriceFor(d.Date, now)))
            .ToList();
    }
}
