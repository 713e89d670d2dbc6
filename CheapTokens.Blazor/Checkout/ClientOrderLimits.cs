using System.Net;
using CheapTokens.Blazor.Security;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// The limits a buyer's address is held to before a new order: too many declined payments (on the quote or from the
/// address) stop it for a while, and otherwise it counts toward the address's orders per minute.
/// </summary>
public sealed class ClientOrderLimits(FailedPaymentLimits failedPayments, ClientRequestLimits requestLimits)
{
    /// <summary>Why a new order from <paramref name="clientAddress"/> is refused now; null when it may go ahead (and was counted).</summary>
    public async Task<PlaceOrderResult?> RefusalAsync(Guid quoteId, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        // Card testing: after too many declines on this quote or from this address, no more tries for a while.
        if (await failedPayments.RetryAfterAsync(clientAddress, quoteId, cancellationToken) is { } declined) return new PlaceOrderResult.TooManyFailedPayments(declined);
        return requestLimits.TryAcquire(BuyingRequest.Order, clientAddress) is { } wait ? new PlaceOrderResult.TooManyRequests(wait) : null;
    }
}
