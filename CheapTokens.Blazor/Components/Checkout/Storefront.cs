using System.Net;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Security;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Components.Checkout;

/// <summary>
/// The real store: quotes, pass dates, placing orders, and the orders' read side. Quotes and orders from the page count
/// toward the same per-address request limits as the HTTP API, and payments toward the same declined-payment limits,
/// per quote and per the browser's address.
/// </summary>
public sealed class Storefront(
    QuoteService quotes,
    PassDateAvailability passDates,
    CheckoutService checkout,
    OrderQueries orders,
    ClientRequestLimits requestLimits,
    IPaymentProcessor processor,
    IOptions<PaymentsOptions> paymentOptions,
    PaymentLedger ledger,
    UnpaidOrderCancellation cancellation,
    IHttpContextAccessor http) : IStorefront
{
    public PaymentRail Payments { get; } = new(processor.TakesPaymentInPage, processor.MinimumCharge, paymentOptions.Value.InPagePaymentWindow);

    // The circuit's own connection (after trusted forwarded headers): read once, it does not change for the circuit.
    private readonly IPAddress? _clientIp = http.HttpContext?.Connection.RemoteIpAddress;

    public async Task<CreateQuoteResult> CreateQuoteAsync(int? credits, CancellationToken cancellationToken) =>
        requestLimits.TryAcquire(BuyingRequest.Quote, _clientIp) is { } wait
            ? new CreateQuoteResult.TooManyRequests(wait)
            : await quotes.CreateQuoteAsync(credits, cancellationToken);

    public async Task<CreateQuoteResult> CreatePassQuoteAsync(int? diemPerDay, IReadOnlyList<string?>? dates, CancellationToken cancellationToken) =>
        requestLimits.TryAcquire(BuyingRequest.Quote, _clientIp) is { } wait
            ? new CreateQuoteResult.TooManyRequests(wait)
            : await quotes.CreatePassQuoteAsync(diemPerDay, dates, cancellationToken);

    public Task<IReadOnlyList<DateAvailability>> GetDateAvailabilityAsync(CancellationToken cancellationToken) =>
        passDates.GetAsync(cancellationToken);

    public Task<PlaceOrderResult> PlaceOrderAsync(Guid? quoteId, string? email, string? paymentMethod, string? idempotencyKey, CancellationToken cancellationToken) =>
        checkout.PlaceOrderForClientAsync(quoteId, email, paymentMethod, idempotencyKey, _clientIp, cancellationToken);

    public Task<OrderDetails?> GetOrderByTokenAsync(string? token, CancellationToken cancellationToken) =>
        orders.GetByTokenAsync(token, cancellationToken);

    public async Task<InPagePayment?> FindUnfinishedPaymentAsync(string? token, CancellationToken cancellationToken)
    {
        if (!processor.TakesPaymentInPage || await orders.GetByTokenAsync(token, cancellationToken) is not { Summary: { Status: OrderStatus.Created } summary })
            return null;
        if (await ledger.FindByOrderAsync(summary.OrderId, cancellationToken) is not { State: PaymentState.AwaitingBuyer, ChargeId: { } chargeId } payment)
            return null;
        var payBy = payment.CreatedAt + Payments.InPageWindow;
        // The processor holds the client secret; the store does not keep it beside the order.
        var charge = await processor.GetChargeAsync(chargeId, cancellationToken);
        var payable = charge.State == ChargeState.AwaitingBuyer || charge is { State: ChargeState.Failed, StillPayable: true };
        return payable && charge.ClientSecret is { } secret ? new InPagePayment(summary with { Token = token }, secret, payBy) : null;
    }

    public Task<CancelOrderResult> CancelHeldOrderAsync(string token, CancellationToken cancellationToken) =>
        cancellation.CancelAsync(token, cancellationToken);

    public Task<IReadOnlyList<OrderSummary>> ListOrdersAsync(IEnumerable<string> tokens, CancellationToken cancellationToken) =>
        orders.ListAsync(tokens, cancellationToken);

    public QueuePlace? PlaceOf(Guid orderId) => orders.QueuePlaceOf(orderId);
}
