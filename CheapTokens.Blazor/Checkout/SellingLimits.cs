using System.Net;
using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Supply;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Supply;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// The store's own limits on what it sells now, and how a refusal for one is told to the buyer: sales an operator
/// paused, keys that can still reach buyers today, the day's (or a pass's dates') supply, and unpaid holds.
/// </summary>
public sealed class SellingLimits(SalesGate sales, KeyCapacityService keyCapacity, ISupplyLedger supply, UnpaidHolds holds)
{
    /// <summary>What buyers are told while an operator has paused sales; null while the store sells.</summary>
    public async Task<string?> PausedReasonAsync(CancellationToken cancellationToken) => (await sales.CurrentAsync(cancellationToken)).Reason;

    /// <summary>
    /// Holds key capacity for the quote while its order is placed and paid, so racing buyers never take more keys than
    /// can be issued today; null when none is left.
    /// </summary>
    public Task<IDisposable?> HoldKeyCapacityAsync(Quote quote, CancellationToken cancellationToken) => keyCapacity.HoldAsync(quote, cancellationToken);

    /// <summary>The ledger found too little supply: what is left, on the day or on the pass's short dates.</summary>
    public async Task<PlaceOrderResult> SoldOutAsync(Order order, CancellationToken cancellationToken)
    {
        var remaining = await supply.GetRemainingAsync(order.ReservedDates.ToList(), cancellationToken);
        if (order.Product != Product.Pass) return new PlaceOrderResult.SoldOut(remaining[0].Remaining);
        var shortDates = remaining.Where(d => d.Remaining < order.CreditsPerReservedDate).ToList();
        // A racing release may have freed the date since; still report the dates that were contended.
        return new PlaceOrderResult.DatesSoldOut(shortDates.Count > 0 ? shortDates : remaining);
    }

    /// <summary>The store holds as many unpaid orders as it allows: when one ends.</summary>
    public async Task<PlaceOrderResult> HoldsFullAsync(CancellationToken cancellationToken) =>
        new PlaceOrderResult.HoldsFull(await holds.RetryAfterAsync(null, null, cancellationToken));

    /// <summary>The address or the email holds as many unpaid orders as it may: when one of theirs ends.</summary>
    public async Task<PlaceOrderResult> TooManyUnpaidAsync(IPAddress? clientAddress, string email, CancellationToken cancellationToken) =>
        new PlaceOrderResult.TooManyUnpaidOrders(await holds.RetryAfterAsync(clientAddress, email, cancellationToken));
}
