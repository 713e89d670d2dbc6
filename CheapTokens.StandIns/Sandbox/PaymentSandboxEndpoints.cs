using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CheapTokens.StandIns.Sandbox;

/// <summary>
/// The payment sandbox over HTTP, under <see cref="BasePath"/>, for the store's sandbox client on the same machine:
/// charges and refunds (each with an Idempotency-Key header), a charge by id and the charge of an order. Errors are
/// problem+json. Only loopback callers are answered; anyone else gets 404, as if the routes did not exist.
/// </summary>
public static class PaymentSandboxEndpoints
{
    public const string BasePath = "/sandbox-sim/v1";

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Longer keys are refused rather than stored.</summary>
    public const int MaxIdempotencyKeyLength = 255;

    public static IEndpointRouteBuilder MapPaymentSandbox(this IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup(BasePath).AddEndpointFilter(LoopbackOnly);
        sandbox.MapPost("/charges", ChargeAsync);
        sandbox.MapGet("/charges/{id}", async (string id, PaymentSandbox payments, CancellationToken cancellationToken) =>
            await payments.FindChargeAsync(id, cancellationToken) is { } charge ? Results.Ok(charge) : NotFound("The sandbox has no charge with that id."));
        sandbox.MapGet("/charges", async (Guid? orderId, PaymentSandbox payments, CancellationToken cancellationToken) =>
            orderId is not { } order ? Invalid("orderId", "The orderId query parameter is required.")
            : await payments.FindChargeForOrderAsync(order, cancellationToken) is { } charge ? Results.Ok(charge)
            : NotFound("The sandbox has no charge for that order."));
        sandbox.MapPost("/refunds", RefundAsync);
        return app;
    }

    private static async Task<IResult> ChargeAsync(HttpContext http, SandboxChargeRequest? request, PaymentSandbox payments)
    {
        if (IdempotencyKey(http) is not { } key) return MissingKey();
        if (request is null) return Invalid("body", "A JSON body with orderId, amount and method is required.");
        if (request.Amount <= 0) return Invalid("amount", "The amount must be greater than zero.");
        if (request.OrderId == Guid.Empty) return Invalid("orderId", "The orderId is required.");

        return await payments.ChargeAsync(key, request, http.RequestAborted) is { } charge
            ? Results.Ok(charge)
            : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Processor unavailable",
                detail: "The payment processor is unavailable; try again.");
    }

    private static async Task<IResult> RefundAsync(HttpContext http, SandboxRefundRequest? request, PaymentSandbox payments)
    {
        if (IdempotencyKey(http) is not { } key) return MissingKey();
        if (request is null || string.IsNullOrWhiteSpace(request.ChargeId)) return Invalid("chargeId", "The chargeId is required.");

        var (refund, refusal) = await payments.RefundAsync(key, request, http.RequestAborted);
        return refund is not null
            ? Results.Ok(refund)
            : Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Refund refused", detail: refusal);
    }

    private static string? IdempotencyKey(HttpContext http)
    {
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        return string.IsNullOrWhiteSpace(key) || key.Length > MaxIdempotencyKeyLength ? null : key;
    }

    private static IResult MissingKey() =>
        Invalid(IdempotencyKeyHeader, $"The {IdempotencyKeyHeader} header is required (1 to {MaxIdempotencyKeyLength} characters).");

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static IResult NotFound(string detail) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    private static ValueTask<object?> LoopbackOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var remote = context.HttpContext.Connection.RemoteIpAddress;
        if (remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote)) return next(context);
        return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
            detail: "The payment sandbox answers local callers only."));
    }
}
