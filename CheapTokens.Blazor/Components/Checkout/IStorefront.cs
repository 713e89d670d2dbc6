using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Provisioning;

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

/// <summary>The real store: checkout and the provisioning queue.</summary>
public sealed class Storefront(CheckoutService checkout, ProvisioningWorker provisioning) : IStorefront
{
    public Task<CreateQuoteResult> CreateQuoteAsync(int? credits, CancellationToken cancellationToken) =>
        checkout.CreateQuoteAsync(credits, cancellationToken);

    public Task<CreateQuoteResult> CreatePassQuoteAsync(int? diemPerDay, IReadOnlyList<string?>? dates, CancellationToken cancellationToken) =>
        checkout.CreatePassQuoteAsync(diemPerDay, dates, cancellationToken);

    public Task<IReadOnlyList<DateAvailability>> GetDateAvailabilityAsync(CancellationToken cancellationToken) =>
        checkout.GetDateAvailabilityAsync(cancellationToken);

    public Task<PlaceOrderResult> PlaceOrderAsync(Guid? quoteId, string? email, string? paymentMethod, string? idempotencyKey, CancellationToken cancellationToken) =>
        checkout.PlaceOrderAsync(quoteId, email, paymentMethod, idempotencyKey, cancellationToken);

    public Task<OrderDetails?> GetOrderByTokenAsync(string? token, CancellationToken cancellationToken) =>
        checkout.GetOrderByTokenAsync(token, cancellationToken);

    public Task<IReadOnlyList<OrderSummary>> ListOrdersAsync(IEnumerable<string> tokens, CancellationToken cancellationToken) =>
        checkout.ListOrdersAsync(tokens, cancellationToken);

    public QueuePlace? PlaceOf(Guid orderId) => provisioning.PlaceOf(orderId);
}
