using System.Globalization;
using System.Net;
using CheapTokens.Core.Payments;
using Stripe;

namespace CheapTokens.Blazor.Payments.Stripe;

/// <summary>
/// <see cref="IPaymentProcessor"/> on Stripe payment intents through Stripe.net: the stand-in by default, real
/// Stripe when configured. Every write carries the caller's idempotency key; 429, 409, 5xx and timeouts are retried
/// by the library with that same key, and what is still unanswered after them is <see cref="ChargeState.Unreachable"/>.
/// Card errors (402) are <see cref="ChargeState.Failed"/> with their reason; other 4xx are never retried.
/// The secret key goes out only as the Bearer header; neither logs nor exceptions carry it.
/// </summary>
public sealed class StripePaymentProcessor(StripeClientSource clients, ILogger<StripePaymentProcessor> logger) : IPaymentProcessor
{
    public const string OrderIdMetadata = "order_id";
    public const string Currency = "usd";

    private PaymentIntentService Intents => new(clients.Client);

    /// <summary>A PaymentMethod id: Stripe's test ids (pm_card_visa ...) in test mode, or one made by stripe.js.</summary>
    public bool AcceptsMethod(string paymentMethod) =>
        paymentMethod.Length is > 3 and <= 255 && paymentMethod.StartsWith("pm_", StringComparison.Ordinal)
        && paymentMethod.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>An intent created without a method is confirmed by the Payment Element in the buyer's page.</summary>
    public bool TakesPaymentInPage => true;

    /// <summary>Stripe's smallest charge in USD.</summary>
    public decimal MinimumCharge => 0.50m;

    public async Task<ProcessorCharge> CreateChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        if (request.PaymentMethod is not null && !AcceptsMethod(request.PaymentMethod))
            throw new ArgumentException("Not a Stripe PaymentMethod id.", nameof(request));
        var options = new PaymentIntentCreateOptions
        {
            Amount = ToCents(request.Amount),
            Currency = Currency,
            Description = request.Description,
            Metadata = new Dictionary<string, string> { [OrderIdMetadata] = request.OrderId.ToString() },
        };
        if (request.PaymentMethod is not null)
        {
            // Paid on the server, now: no buyer is there to follow a redirect.
            options.PaymentMethod = request.PaymentMethod;
            options.Confirm = true;
            options.AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true, AllowRedirects = "never" };
        }
        try
        {
            var intent = await Intents.CreateAsync(options, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);
            return ToCharge(intent);
        }
        catch (Exception e) when (Classify(e, cancellationToken) is { } failure)
        {
            return ChargeFailure(failure, e as StripeException, chargeId: null, "create a charge");
        }
    }

    public async Task<ProcessorCharge> GetChargeAsync(string chargeId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chargeId);
        try
        {
            return ToCharge(await Intents.GetAsync(chargeId, cancellationToken: cancellationToken));
        }
        catch (Exception e) when (Classify(e, cancellationToken) is { } failure)
        {
            return ChargeFailure(failure, e as StripeException, chargeId, "look up a charge");
        }
    }

    public async Task<ProcessorCharge> CancelChargeAsync(string chargeId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chargeId);
        try
        {
            return ToCharge(await Intents.CancelAsync(chargeId, cancellationToken: cancellationToken));
        }
        catch (StripeException e) when (e.StripeError?.Code == "payment_intent_unexpected_state" && !cancellationToken.IsCancellationRequested)
        {
            // Succeeded (or already canceled) meanwhile: what it is now is the answer.
            return await GetChargeAsync(chargeId, cancellationToken);
        }
        catch (Exception e) when (Classify(e, cancellationToken) is { } failure)
        {
            return ChargeFailure(failure, e as StripeException, chargeId, "cancel a charge");
        }
    }

    /// <summary>
    /// Searches by <c>metadata['order_id']</c>. Stripe's search index can lag the write by up to a minute, which is
    /// why reconciliation waits a grace period before it asks. With several intents for one order, the succeeded
    /// one wins, else the newest.
    /// </summary>
    public async Task<ProcessorCharge?> FindChargeForOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        try
        {
            var found = await Intents.SearchAsync(new PaymentIntentSearchOptions
            {
                Query = $"metadata['{OrderIdMetadata}']:'{orderId}'",
                Limit = 100,
            }, cancellationToken: cancellationToken);
            var intent = found.Data.Where(i => i.Status == "succeeded").OrderByDescending(i => i.Created).FirstOrDefault()
                         ?? found.Data.OrderByDescending(i => i.Created).FirstOrDefault();
            return intent is null ? null : ToCharge(intent);
        }
        catch (Exception e) when (Classify(e, cancellationToken) is { } failure)
        {
            return ChargeFailure(failure, e as StripeException, chargeId: null, "search charges");
        }
    }

    public async Task<ProcessorRefund> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ChargeId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        var options = new RefundCreateOptions
        {
            PaymentIntent = request.ChargeId,
            Amount = ToCents(request.Amount),
            Metadata = new Dictionary<string, string> { ["reason"] = Truncate(request.Reason, 500) },
        };
        try
        {
            var refund = await new RefundService(clients.Client).CreateAsync(options,
                new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);
            return refund.Status switch
            {
                "succeeded" => new ProcessorRefund(RefundState.Succeeded, refund.Id, null),
                "failed" or "canceled" => new ProcessorRefund(RefundState.Failed, refund.Id, refund.FailureReason ?? "The refund failed."),
                _ => new ProcessorRefund(RefundState.Pending, refund.Id, null),
            };
        }
        catch (Exception e) when (Classify(e, cancellationToken) is { } failure)
        {
            if (failure == Failure.Unreachable)
            {
                logger.LogWarning("Stripe did not answer a refund of {ChargeId} after its retries: {Error}", request.ChargeId, Describe(e));
                return new ProcessorRefund(RefundState.Unreachable, null, "Stripe did not answer; try again with the same key.");
            }
            var stripe = (StripeException)e;
            // Already refunded in full is the refund the caller wants; anything else is refused for good.
            if (stripe.StripeError?.Code == "charge_already_refunded")
                return new ProcessorRefund(RefundState.Succeeded, null, stripe.StripeError.Message);
            logger.LogWarning("Stripe refused a refund of {ChargeId}: {Status} {Code}", request.ChargeId, (int)stripe.HttpStatusCode, stripe.StripeError?.Code);
            return new ProcessorRefund(RefundState.Failed, null, stripe.StripeError?.Message ?? "The refund was refused.");
        }
    }

    /// <summary>Dollars to cents; the store only charges whole cents.</summary>
    public static long ToCents(decimal amount)
    {
        var cents = amount * 100m;
        if (amount <= 0 || cents != decimal.Truncate(cents)) throw new ArgumentOutOfRangeException(nameof(amount), amount, "Amounts are positive whole cents.");
        return (long)cents;
    }

    public static ProcessorCharge ToCharge(PaymentIntent intent) => intent.Status switch
    {
        "succeeded" => new ProcessorCharge(ChargeState.Succeeded, intent.Id, null, null),
        "processing" => new ProcessorCharge(ChargeState.Processing, intent.Id, null, null),
        "canceled" => new ProcessorCharge(ChargeState.Failed, intent.Id, PaymentFailureCode.Declined, "The payment was cancelled before it was completed; nothing was charged."),
        "requires_payment_method" when intent.LastPaymentError is { } error =>
            new ProcessorCharge(ChargeState.Failed, intent.Id, FailureCodeOf(error.DeclineCode, error.Code), error.Message, intent.ClientSecret)
            {
                StillPayable = true,
            },
        _ => new ProcessorCharge(ChargeState.AwaitingBuyer, intent.Id, null, null, intent.ClientSecret),
    };

    private enum Failure
    {
        Card,
        Unreachable,
        Refused,
    }

    /// <summary>Null for exceptions that are not Stripe's answer or the network's (they propagate), and for the caller's own cancellation.</summary>
    private static Failure? Classify(Exception e, CancellationToken cancellationToken) => e switch
    {
        _ when cancellationToken.IsCancellationRequested => null,
        StripeException { HttpStatusCode: HttpStatusCode.PaymentRequired } or StripeException { StripeError.Type: "card_error" } => Failure.Card,
        StripeException { HttpStatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict } => Failure.Unreachable,
        StripeException s when (int)s.HttpStatusCode >= 500 || s.HttpStatusCode == 0 => Failure.Unreachable,
        StripeException => Failure.Refused,
        HttpRequestException or OperationCanceledException => Failure.Unreachable,
        _ => null,
    };

    private ProcessorCharge ChargeFailure(Failure failure, StripeException? stripe, string? chargeId, string action)
    {
        switch (failure)
        {
            case Failure.Card:
                var error = stripe!.StripeError;
                return new ProcessorCharge(ChargeState.Failed, error?.PaymentIntent?.Id ?? chargeId,
                    FailureCodeOf(error?.DeclineCode, error?.Code), error?.Message ?? "The card was declined.")
                {
                    StillPayable = error?.PaymentIntent?.Status == "requires_payment_method",
                };
            case Failure.Unreachable:
                logger.LogWarning("Stripe did not answer when asked to {Action} after its retries: {Error}", action,
                    stripe is null ? "no answer" : Describe(stripe));
                return new ProcessorCharge(ChargeState.Unreachable, chargeId, PaymentFailureCode.ProcessorError,
                    "The payment processor did not answer; try again with the same key.");
            default:
                logger.LogError("Stripe refused to {Action}: {Error}", action, Describe(stripe!));
                return new ProcessorCharge(ChargeState.Failed, stripe!.StripeError?.PaymentIntent?.Id ?? chargeId, PaymentFailureCode.ProcessorError,
                    "The payment processor refused the request.");
        }
    }

    private static PaymentFailureCode FailureCodeOf(string? declineCode, string? code) =>
        declineCode == "insufficient_funds" || code == "insufficient_funds" ? PaymentFailureCode.InsufficientFunds : PaymentFailureCode.Declined;

    /// <summary>Status, type and code only: Stripe's messages can quote what was sent.</summary>
    private static string Describe(Exception e) => e is StripeException s
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)s.HttpStatusCode} {s.StripeError?.Type} {s.StripeError?.Code}")
        : e.GetType().Name;

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
