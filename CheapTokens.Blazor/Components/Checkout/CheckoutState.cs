using System.Globalization;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Payments;

namespace CheapTokens.Blazor.Components.Checkout;

/// <summary>
/// One checkout in progress (credits or a pass): lock a price, pay, or start over. The buying components
/// hold one each and stay markup; what happens on a decline, an expired quote or a sold-out day lives here.
/// </summary>
public sealed class CheckoutState(IStorefront store)
{
    private Func<IStorefront, Task<CreateQuoteResult>>? _lastRequest;
    private string _idempotencyKey = NewIdempotencyKey();

    public Quote? Quote { get; private set; }

    public OrderSummary? Order { get; private set; }

    /// <summary>Placed, with its price and credits held, waiting for the buyer's card in the page.</summary>
    public InPagePayment? AwaitingCard { get; private set; }

    public bool Busy { get; private set; }

    /// <summary>A price is locked, a payment is under way or an order is on screen: the page must stay live.</summary>
    public bool InProgress => Busy || Quote is not null || Order is not null || AwaitingCard is not null;

    /// <summary>What went wrong with the last lock or payment, in words for the buyer.</summary>
    public string? Error { get; private set; }

    public FieldErrors FieldErrors { get; private set; } = new();

    /// <summary>Why the card in the processor's form did not pay, said once, under that form; null while there is nothing to say.</summary>
    public string? CardError { get; private set; }

    /// <summary>Asks for a quote; the same request is repeated by <see cref="RequoteAsync"/> once it expires.</summary>
    public async Task<CreateQuoteResult?> LockAsync(Func<IStorefront, Task<CreateQuoteResult>> request)
    {
        if (Busy) return null;
        Busy = true;
        Error = null;
        FieldErrors = new();
        Quote = null;
        _lastRequest = request;
        try
        {
            var result = await request(store);
            switch (result)
            {
                case CreateQuoteResult.Created created:
                    Quote = created.Quote;
                    // One key per quote: a double click, a resubmit or a reconnect pays once.
                    _idempotencyKey = NewIdempotencyKey();
                    break;
                case CreateQuoteResult.Invalid invalid:
                    FieldErrors = invalid.Errors;
                    break;
                case CreateQuoteResult.SoldOut soldOut:
                    Error = soldOut.Remaining > 0
                        ? $"Only {soldOut.Remaining.ToString("N0", CultureInfo.InvariantCulture)} left today. Lower the amount and lock again."
                        : "Sold out. New supply at 00:00 UTC.";
                    break;
                case CreateQuoteResult.DatesSoldOut soldOut:
                    Error = "Not enough left on " + string.Join(", ", soldOut.Dates.Select(d =>
                        $"{PassInputRules.Format(d.Date)} ({d.Remaining.ToString("N0", CultureInfo.InvariantCulture)} left)")) + ".";
                    break;
                case CreateQuoteResult.KeyCapacity:
                    Error = KeyCapacityText;
                    break;
                case CreateQuoteResult.SalesPaused paused:
                    Error = PausedText(paused.Reason);
                    break;
                case CreateQuoteResult.TooManyRequests tooMany:
                    Error = $"Too many price requests from your connection. Try again in {Seconds(tooMany.RetryAfter)} s.";
                    break;
            }
            return result;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>What a buyer reads when no more keys can reach anyone before midnight.</summary>
    public const string KeyCapacityText = CreateQuoteResult.KeyCapacity.Explanation;

    /// <summary>What a buyer reads while an operator has paused sales.</summary>
    public static string PausedText(string reason) => $"Sales are paused: {reason} Nothing was charged.";

    /// <summary>A fresh quote at the current price for what the expired one was for.</summary>
    public Task RequoteAsync() => _lastRequest is { } request ? LockAsync(request) : Task.CompletedTask;

    /// <summary>Pays the locked quote; returns the order once placed.</summary>
    public async Task<OrderSummary?> PayAsync(string email, string paymentMethod)
    {
        if (Busy || Quote is null) return null;
        Busy = true;
        Error = null;
        CardError = null;
        FieldErrors = new();
        try
        {
            switch (await store.PlaceOrderAsync(Quote.Id, email, paymentMethod, _idempotencyKey, CancellationToken.None))
            {
                case PlaceOrderResult.Placed { Order.Token: null }:
                    // A repeat of an order already placed: the store keeps only its token's hash, so the link is the receipt's.
                    Error = "This order was already placed and paid. Its link is in your receipt.";
                    break;
                case PlaceOrderResult.Placed { ClientSecret: { } secret } placed when placed.Order.Status == OrderStatus.Created:
                    // The card is typed into the processor's element next; the order is on screen once it is confirmed.
                    AwaitingCard = new InPagePayment(placed.Order, secret, placed.Order.CreatedAt + store.Payments.InPageWindow);
                    break;
                case PlaceOrderResult.Placed placed:
                    Order = placed.Order;
                    return placed.Order;
                case PlaceOrderResult.Invalid invalid:
                    FieldErrors = invalid.Errors;
                    break;
                case PlaceOrderResult.QuoteExpired:
                    Error = "This quote expired before payment. Nothing was charged: get a fresh quote at the current price.";
                    break;
                case PlaceOrderResult.SoldOut:
                    Error = "The last credits sold while you were paying. Nothing was charged.";
                    break;
                case PlaceOrderResult.DatesSoldOut soldOut:
                    Error = $"Sold out while you were paying: {string.Join(", ", soldOut.Dates.Select(d => PassInputRules.Format(d.Date)))}. Nothing was charged; pick other dates.";
                    break;
                case PlaceOrderResult.KeyCapacity:
                    Error = KeyCapacityText;
                    break;
                case PlaceOrderResult.SalesPaused paused:
                    Error = PausedText(paused.Reason);
                    break;
                case PlaceOrderResult.PaymentDeclined declined:
                    Error = $"{DeclineText(declined.FailureCode)} Nothing was charged and no key was issued. Try another payment method.";
                    // The declined order is final; another try is a new order.
                    _idempotencyKey = NewIdempotencyKey();
                    break;
                case PlaceOrderResult.PaymentUnavailable:
                    // Same key on the next press: it asks the processor again and never charges twice.
                    Error = "The payment processor did not answer. Press Pay again: you will not be charged twice.";
                    break;
                case PlaceOrderResult.QuoteUsed:
                    Error = "This price was already used for an order. Nothing was charged: get a fresh quote.";
                    break;
                case PlaceOrderResult.TooManyFailedPayments tooMany:
                    Error = $"Too many declined payments. Nothing was charged; try again in {Math.Max(1, (int)Math.Ceiling(tooMany.RetryAfter.TotalMinutes))} min.";
                    break;
                case PlaceOrderResult.TooManyRequests tooMany:
                    Error = $"Too many orders from your connection. Nothing was charged; try again in {Seconds(tooMany.RetryAfter)} s.";
                    break;
                case PlaceOrderResult.TooManyUnpaidOrders tooMany:
                    Error = $"You already have orders waiting for payment. Pay or cancel one, or try again in {Minutes(tooMany.RetryAfter)} min. Nothing was charged.";
                    break;
                case PlaceOrderResult.HoldsFull full:
                    Error = $"Many buyers are paying right now and hold what is left for the moment. Nothing was charged; try again in {Minutes(full.RetryAfter)} min.";
                    break;
                case PlaceOrderResult.IdempotencyKeyReused:
                    _idempotencyKey = NewIdempotencyKey();
                    Error = "Please press Pay again.";
                    break;
            }
            return null;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>
    /// What confirming the card in the page gave: the order once the processor took it (or is taking it; the webhook
    /// settles it and the order page follows), else the processor's reason, with the same card form ready for another card.
    /// </summary>
    public OrderSummary? CardConfirmed(StripePaymentResult result)
    {
        if (AwaitingCard is not { } awaiting) return null;
        Error = null;
        CardError = null;
        if (result.TookPayment)
        {
            AwaitingCard = null;
            Order = awaiting.Order;
            return Order;
        }
        CardError = CardErrorText(result);
        return null;
    }

    /// <summary>
    /// Cancels the order held for the card (the buyer's "Cancel order" or "Change amount"): its credits go back on sale
    /// and its charge is cancelled. Back to choosing, with what was typed kept; or, when the card went through meanwhile,
    /// the paid order on screen.
    /// </summary>
    public async Task<HeldOrderCancellation> CancelHeldOrderAsync()
    {
        if (Busy || AwaitingCard is not { Order.Token: { } token } awaiting) return HeldOrderCancellation.NothingHeld;
        Busy = true;
        Error = null;
        try
        {
            switch (await store.CancelHeldOrderAsync(token, CancellationToken.None))
            {
                case CancelOrderResult.Cancelled:
                    AwaitingCard = null;
                    CardError = null;
                    Unlock();
                    return HeldOrderCancellation.Cancelled;
                case CancelOrderResult.NotCancellable { Status: not OrderStatus.Created }:
                    AwaitingCard = null;
                    CardError = null;
                    Order = awaiting.Order;
                    return HeldOrderCancellation.PaidMeanwhile;
                default:
                    // The processor did not confirm the cancellation: the charge may still be taken, so the order stays held.
                    Error = CancelNotConfirmedText;
                    return HeldOrderCancellation.StillHeld;
            }
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>What the buyer reads when the processor did not confirm a cancellation: the charge may still be taken.</summary>
    public const string CancelNotConfirmedText =
        "The order could not be cancelled just now: the payment service did not answer. Try again in a moment.";

    /// <summary>
    /// What the buyer reads when the card form's confirmation did not take the money; null for a check of the card's own
    /// fields, which the form shows beside the field (as Stripe's does).
    /// </summary>
    public static string? CardErrorText(StripePaymentResult result) => result.ErrorType switch
    {
        "card_error" => $"{CardDeclineText(result.DeclineCode ?? result.ErrorCode)} Nothing was charged. Try another card.",
        "validation_error" => null,
        _ => $"{result.Message ?? "The payment did not go through."} Nothing was charged.",
    };

    private static string CardDeclineText(string? code) => code switch
    {
        "insufficient_funds" => "The card was declined for insufficient funds.",
        "expired_card" => "The card has expired.",
        "incorrect_cvc" or "invalid_cvc" => "The card's security code is incorrect.",
        "incorrect_number" or "invalid_number" => "The card number is incorrect.",
        "invalid_expiry_month" or "invalid_expiry_year" => "The card's expiration date is invalid.",
        _ => "The card was declined.",
    };

    /// <summary>Back to choosing, keeping what was typed.</summary>
    public void Unlock()
    {
        Quote = null;
        Error = null;
        FieldErrors = new();
    }

    public void StartOver()
    {
        Unlock();
        Order = null;
        AwaitingCard = null;
        CardError = null;
        _lastRequest = null;
    }

    private static string DeclineText(string code) => PaymentFailureCodes.FromCode(code) switch
    {
        PaymentFailureCode.InsufficientFunds => "The payment was declined for insufficient funds.",
        _ => "The payment was declined.",
    };

    private static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private static int Minutes(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
}

/// <summary>An order placed and held for its buyer, whose card the processor's element takes in the page.</summary>
/// <param name="PayBy">When the hold ends: the order is cancelled and nothing charged if the card has not gone through.</param>
public sealed record InPagePayment(OrderSummary Order, string ClientSecret, DateTimeOffset PayBy);
