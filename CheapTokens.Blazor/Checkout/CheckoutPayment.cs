using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Security;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// How a buyer pays at checkout: in the page or by a named method the processor accepts, the charge itself, and a
/// decline counted toward the buyer's declined-payment limits the first time it is heard.
/// </summary>
public sealed class CheckoutPayment(IPaymentProcessor processor, OrderPayment payment, FailedPaymentLimits failedPayments)
{
    /// <summary>No method: the buyer pays in the page (Stripe's Payment Element), where the processor allows it.</summary>
    public bool PaysInPage(string? paymentMethod) => string.IsNullOrWhiteSpace(paymentMethod) && processor.TakesPaymentInPage;

    /// <summary>What is wrong with the payment method asked for; null when the processor takes it (or the buyer pays in the page).</summary>
    public string? CheckMethod(string? paymentMethod) =>
        PaysInPage(paymentMethod) ? null : OrderInputRules.CheckPaymentMethod(paymentMethod, processor.AcceptsMethod);

    /// <summary>The method recorded on the order.</summary>
    public string MethodFor(string? paymentMethod) => PaysInPage(paymentMethod) ? Order.InPagePayment : paymentMethod!;

    /// <summary>Charges, and counts a decline toward the caller's limits.</summary>
    public async Task<PlaceOrderResult> ChargeAsync(Order order, Payment charge, string token, CheckoutCaller caller)
    {
        var result = await payment.ChargeAsync(order, charge, token);
        if (caller.Limited && result is PlaceOrderResult.PaymentDeclined)
            await failedPayments.RecordFailureAsync(caller.Address, order.QuoteId, CancellationToken.None);
        return result;
    }

    /// <summary>The answer for an order whose payment has moved on: the saved one, else what its state says.</summary>
    public PlaceOrderResult AnswerOf(PaymentChange settled, string token, bool replayed) => payment.AnswerOf(settled, token, replayed);
}
