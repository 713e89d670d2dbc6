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
    Task<CreateQuoteResult> CreateQuoteAsync(int? credits, CancellationToken cancellationToken);

    Task<CreateQuoteResult> CreatePassQuoteAsync(int? diemPerDay, IReadOnlyList<string?>? dates, CancellationToken cancellationToken);

    Task<IReadOnlyList<DateAvailability>> GetDateAvailabilityAsync(CancellationToken cancellationToken);

    Task<PlaceOrderResult> PlaceOrderAsync(Guid? quoteId, string? email, string? paymentMethod, string? idempotencyKey, CancellationToken cancellationToken);

    Task<OrderDetails?> GetOrderByTokenAsync(string? token, CancellationToken cancellationToken);

    Task<IReadOnlyList<OrderSummary>> ListOrdersAsync(IEnumerable<string> tokens, CancellationToken cancellationToken);

    /// <summary>Where a paid order waits for its key, while Venice paces key creation.</summary>
    QueuePlace? PlaceOf(Guid orderId);
}

/// <summary>The real store: quotes, pass dates, placing orders, and the orders' read side.</summary>
public sealed class Storefront(QuoteService quotes, PassDateAvailability passDates, CheckoutService checkout, OrderQueries orders) : IStorefront
{
    public Task<CreateQuoteResult> CreateQuoteAsync(int? credits, CancellationToken cancellationToken) =>
        quotes.CreateQuoteAsync(credits, cancellationToken);

    public Task<CreateQuoteResult> CreatePassQuoteAsync(int? diemPerDay, IReadOnlyList<string?>? dates, CancellationToken cancellationToken) =>
        quotes.CreatePassQuoteAsync(diemPerDay, dates, cancellationToken);

    public Task<IReadOnlyList<DateAvailability>> GetDateAvailabilityAsync(CancellationToken cancellationToken) =>
        passDates.GetAsync(cancellationToken);

    public Task<PlaceOrderResult> PlaceOrderAsync(Guid? quoteId, string? email, string? paymentMethod, string? idempotencyKey, CancellationToken cancellationToken) =>
        checkout.PlaceOrderAsync(quoteId, email, paymentMethod, idempotencyKey, cancellationToken);

    public Task<OrderDetails?> GetOrderByTokenAsync(string? token, CancellationToken cancellationToken) =>
        orders.GetByTokenAsync(token, cancellationToken);

    public Task<IReadOnlyList<OrderSummary>> ListOrdersAsync(IEnumerable<string> tokens, CancellationToken cancellationToken) =>
        orders.ListAsync(tokens, cancellationToken);

    public QueuePlace? PlaceOf(Guid orderId) => orders.QueuePlaceOf(orderId);
}
