using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;

namespace CheapTokens.Blazor.Components.Checkout;

/// <summary>
/// What the store's components ask of the back end. A narrow seam so component tests can stand in for
/// the database-backed services with a few lines.
/// </summary>
public interface IStorefront
{
    /// <summary>In-page card payment or named methods, and the smallest order the processor takes.</summary>
    PaymentRail Payments { get; }

    Task<CreateQuoteResult> CreateQuoteAsync(int? credits, CancellationToken cancellationToken);

    Task<CreateQuoteResult> CreatePassQuoteAsync(int? diemPerDay, IReadOnlyList<string?>? dates, CancellationToken cancellationToken);

    Task<IReadOnlyList<DateAvailability>> GetDateAvailabilityAsync(CancellationToken cancellationToken);

    Task<PlaceOrderResult> PlaceOrderAsync(Guid? quoteId, string? email, string? paymentMethod, string? idempotencyKey, CancellationToken cancellationToken);

    Task<OrderDetails?> GetOrderByTokenAsync(string? token, CancellationToken cancellationToken);

    /// <summary>
    /// An order placed for payment in the page whose card has not gone through yet, still payable: what its page needs to
    /// show the card form again (after a reload, or from its link). Null for any other order.
    /// </summary>
    Task<InPagePayment?> FindUnfinishedPaymentAsync(string? token, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels an order held for its card before the card went through: the charge is cancelled at the processor and the
    /// credits go back on sale at once. A charge that succeeded meanwhile is kept, and the answer says the order is paid.
    /// </summary>
    Task<CancelOrderResult> CancelHeldOrderAsync(string token, CancellationToken cancellationToken);

    Task<IReadOnlyList<OrderSummary>> ListOrdersAsync(IEnumerable<string> tokens, CancellationToken cancellationToken);

    /// <summary>Where a paid order waits for its key, while Venice paces key creation.</summary>
    QueuePlace? PlaceOf(Guid orderId);
}
