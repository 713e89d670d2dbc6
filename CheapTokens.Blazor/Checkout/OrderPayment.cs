using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Retry;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// Charges an order whose supply is held, then records the outcome: paid (handed to provisioning, receipt sent),
/// declined (supply released), or processor unavailable (supply released; the same Idempotency-Key may retry).
/// Runs with the supply held, so it ignores cancellation: the credits end up sold or released.
/// </summary>
public sealed class OrderPayment(
    OrderStore orders,
    IPaymentGateway gateway,
    IProvisioningQueue provisioning,
    IReceiptSender receipts,
    TimeProvider clock,
    ILogger<OrderPayment> logger)
{
    /// <summary>
    /// The money is taken: recording it must not give up on a passing database hiccup. Should every try fail,
    /// the order stays Created and a retry with the same Idempotency-Key completes it.
    /// </summary>
    private readonly ResiliencePipeline _recordPaid = new ResiliencePipelineBuilder { TimeProvider = clock }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<DbUpdateException>().Handle<SqliteException>(),
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Linear,
            Delay = TimeSpan.FromMilliseconds(200),
            OnRetry = args =>
            {
                logger.LogWarning(args.Outcome.Exception, "Recording a taken payment failed (attempt {Attempt}); trying again", args.AttemptNumber + 1);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    public async Task<PlaceOrderResult> ChargeAsync(Order order)
    {
        var uninterrupted = CancellationToken.None;
        PaymentResult payment;
        try
        {
            // Keyed by order: retries of this order can never produce a second charge.
            payment = await gateway.ChargeAsync(order.Id, order.Total, order.PaymentMethod, $"order:{order.Id:N}", uninterrupted);
        }
        catch
        {
            await orders.ChangeReleasingSupplyAsync(order.Id, _ => { }, uninterrupted);
            throw;
        }

        if (payment.Succeeded)
        {
            var paid = await _recordPaid.ExecuteAsync(
                async token => await orders.ChangeAsync(order.Id, o => o.MarkPaid(payment.ChargeId!, clock.GetUtcNow()), token), uninterrupted);
            provisioning.Enqueue(paid.Id);
            logger.LogInformation("Order {OrderId} paid: {Product} of {Credits} credits for {Total}", paid.Id, paid.Product, paid.Credits, paid.Total);
            await SendReceiptAsync(paid, order.Token);
            // The token exists only on the order this request created (or renewed): the store keeps its hash.
            return new PlaceOrderResult.Placed(OrderSummary.Of(paid, null, order.Token), Replayed: false);
        }

        if (payment.Retryable)
        {
            await orders.ChangeReleasingSupplyAsync(order.Id, _ => { }, uninterrupted);
            logger.LogWarning("Charge for order {OrderId} failed, retryable: {Message}", order.Id, payment.Message);
            return new PlaceOrderResult.PaymentUnavailable(payment.Message);
        }

        var code = (payment.FailureCode ?? PaymentFailureCode.Declined).ToCode();
        var declined = await orders.ChangeReleasingSupplyAsync(order.Id, o => o.Decline(code, payment.Message, clock.GetUtcNow()), uninterrupted);
        return new PlaceOrderResult.PaymentDeclined(OrderSummary.Of(declined, null, order.Token), code, payment.Message);
    }

    private async Task SendReceiptAsync(Order paid, string? token)
    {
        try
        {
            await receipts.SendAsync(new OrderReceipt(paid.Email, $"/orders/{token}", paid.Credits, paid.Total), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The order stands without its receipt: the page shows the same link.
            logger.LogWarning(ex, "Could not send the receipt for order {OrderId}", paid.Id);
        }
    }
}
