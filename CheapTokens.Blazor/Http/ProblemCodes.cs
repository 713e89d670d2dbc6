using CheapTokens.Core.Payments;

namespace CheapTokens.Blazor.Http;

/// <summary>
/// The machine-readable <c>code</c> every problem answer carries beside its numeric <c>status</c>. Endpoints set
/// the specific ones; anything else (model binding, status-code pages, the exception handler) gets the default
/// for its status, through <see cref="AddStoreProblemDetails"/>.
/// </summary>
public static class ProblemCodes
{
    public const string Field = "code";

    public const string InvalidRequest = "invalid_request";
    public const string SoldOut = "sold_out";
    public const string KeyCapacity = "key_capacity";
    public const string QuoteExpired = "quote_expired";
    public const string QuoteUsed = "quote_used";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string CardDeclined = "card_declined";
    public const string InsufficientFunds = "insufficient_funds";
    public const string ProcessorError = "processor_error";
    public const string OrderNotFound = "order_not_found";
    public const string RateLimited = "rate_limited";
    public const string BodyTooLarge = "body_too_large";
    public const string PricesUnavailable = "prices_unavailable";
    public const string SalesPaused = "sales_paused";
    public const string TooManyUnpaidOrders = "too_many_unpaid_orders";
    public const string SupplyHeld = "supply_held";
    public const string OrderNotCancellable = "order_not_cancellable";
    public const string NotFound = "not_found";
    public const string InternalError = "internal_error";

    /// <summary>The code of a payment the processor did not take, by its failure code ("declined", "insufficient_funds", ...).</summary>
    public static string ForPaymentFailure(string failureCode) => PaymentFailureCodes.FromCode(failureCode) switch
    {
        PaymentFailureCode.InsufficientFunds => InsufficientFunds,
        PaymentFailureCode.ProcessorError => ProcessorError,
        _ => CardDeclined,
    };

    public static string DefaultFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => InvalidRequest,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status413PayloadTooLarge => BodyTooLarge,
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status429TooManyRequests => RateLimited,
        >= 500 => InternalError,
        _ => "error_" + status,
    };

    /// <summary>Problem details for every error answer, each with a <c>code</c>.</summary>
    public static IServiceCollection AddStoreProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Extensions.TryAdd(Field, DefaultFor(status));
        });
}
