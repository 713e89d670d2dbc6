using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments.X402;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Blazor.Security;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments.X402;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Api;

/// <summary>
/// POST /api/x402/orders: buy a key in one x402-paying call. Without X-PAYMENT the answer is 402 with what to pay for a
/// fresh quote; the same request with X-PAYMENT places and pays the order and answers as a card order does, with
/// X-PAYMENT-RESPONSE naming the settlement.
/// </summary>
public static class X402OrderApi
{
    public const string Path = "/x402/orders";

    public static RouteGroupBuilder MapX402Orders(this RouteGroupBuilder api)
    {
        if (api.ServiceProvider().GetRequiredService<IOptions<X402Options>>().Value is not { Enabled: true }) return api;
        api.MapPost(Path, BuyAsync)
            .WithName("BuyWithX402")
            .WithSummary("Buy a key paid in USDC over x402: credits for today, or a pass")
            .WithMetadata(new AcceptsX402Payment())
            .Accepts<X402OrderBody>("application/json")
            .Produces<OrderResponse>(StatusCodes.Status201Created)
            .Produces<X402PaymentRequired>(StatusCodes.Status402PaymentRequired)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .Answers(
                new(StatusCodes.Status201Created, "Paid and placed: the order (token, status, and apiKey once issued; the answer waits a few seconds for it). " +
                    "Header X-PAYMENT-RESPONSE is base64 JSON {success, payer, transaction, network}. Follow the order at GET /api/orders/{token} or /orders/{token}. " +
                    "The same X-PAYMENT again gets the same order (header Idempotent-Replayed: true), never a second settlement."),
                new(StatusCodes.Status400BadRequest, "code invalid_request: errors names each bad field (credits, diemPerDay, dates, email)."),
                new(StatusCodes.Status402PaymentRequired, "x402's payment-required body {x402Version: 1, error, code, accepts: [requirement]}: the exact scheme in USDC " +
                    "on the store's network, maxAmountRequired the live quote's total in millionths of a dollar, payTo the store, maxTimeoutSeconds within the quote's life. " +
                    "Without X-PAYMENT, error says a payment is required; with one that is refused, code says why (x402's reasons: invalid_payload, invalid_network, " +
                    "invalid_exact_evm_payload_signature, invalid_exact_evm_payload_recipient_mismatch, invalid_exact_evm_payload_authorization_value, " +
                    "invalid_exact_evm_payload_authorization_valid_before, invalid_exact_evm_payload_authorization_valid_after, insufficient_funds; " +
                    "and no_live_quote, authorization_used, facilitator_refused). Nothing was settled; pay the requirement given."),
                new(StatusCodes.Status409Conflict, "code sold_out, or key_capacity, as for POST /api/quotes; code quote_used: another payment took the quote. Nothing was settled."),
                new(StatusCodes.Status429TooManyRequests, "code rate_limited: too many requests from your address; wait Retry-After seconds."),
                new(StatusCodes.Status503ServiceUnavailable, "code sales_paused: nothing was placed or settled. code processor_error: the facilitator did not answer; " +
                    "with token and orderStatus, the settlement was asked for and is being checked (do not pay again: follow the order); without, nothing was placed."));
        return api;
    }

    private static IServiceProvider ServiceProvider(this RouteGroupBuilder api) => ((IEndpointRouteBuilder)api).ServiceProvider;

    private static async Task<IResult> BuyAsync(HttpContext context, X402Checkout checkout, OrderQueries orders, ClientRequestLimits limits,
        LivePricing pricing, IOptions<X402Options> options, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        var body = await JsonFields.ReadAsync(context.Request, cancellationToken);
        if (body is null) return StoreApi.NotAJsonObject();
        if (Read(body, pricing) is not { } request) return Results.ValidationProblem(body.Errors);
        // The resource is this URL: what the payer's wallet shows it pays for.
        var resource = new Uri(context.Request.GetEncodedUrl());
        var header = context.Request.Headers[X402Protocol.PaymentHeader].ToString();

        if (string.IsNullOrEmpty(header))
            return await OfferAsync(context, checkout, limits, request, resource, "An X-PAYMENT header is required: pay the requirement in accepts.", null, cancellationToken);
        var decoded = PaymentHeaderDecoder.Decode(header);
        if (!decoded.IsDecoded)
            return await OfferAsync(context, checkout, limits, request, resource, decoded.Refusal.Message, decoded.Refusal.Code, cancellationToken);

        var result = await checkout.PayAsync(request, decoded.Payment, resource, context.Connection.RemoteIpAddress, cancellationToken);
        switch (result)
        {
            case X402OrderResult.Paid paid:
                if (paid.Repeated) context.Response.Headers[StoreApi.ReplayedHeader] = "true";
                context.Response.Headers[X402Protocol.PaymentResponseHeader] = X402Json.ToHeader(paid.Settlement);
                var order = await WaitForKeyAsync(orders, paid.Token, TimeSpan.FromSeconds(options.Value.KeyWaitSeconds), cancellationToken);
                return Results.Json(OrderResponse.Of(order, orders.QueuePlaceOf(order.Summary.OrderId)), statusCode: StatusCodes.Status201Created);
            case X402OrderResult.Refused refused:
                return await OfferAsync(context, checkout, limits, request, resource, refused.Message, refused.Error, cancellationToken);
            case X402OrderResult.SettlementUnknown unknown:
                context.Response.Headers.RetryAfter = "5";
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Settlement not confirmed yet",
                    detail: "The facilitator did not answer the settlement in time. The order waits and the store checks the settlement; do not pay again: follow the order at /api/orders/{token}.",
                    extensions: new Dictionary<string, object?>
                    {
                        [ProblemCodes.Field] = ProblemCodes.ProcessorError,
                        ["token"] = unknown.Token,
                        ["orderStatus"] = OrderResponse.StatusName(OrderStatus.Created),
                    });
            case X402OrderResult.FacilitatorUnavailable unavailable:
                context.Response.Headers.RetryAfter = "5";
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Facilitator unavailable",
                    detail: unavailable.Message + " Nothing was placed or settled; try again.",
                    extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.ProcessorError, ["retryable"] = true });
            case X402OrderResult.NotQuoted notQuoted:
                return QuoteRefusal(notQuoted.Reason);
            case X402OrderResult.NotPlaced notPlaced:
                return OrderRefusal(context, notPlaced.Reason);
            default:
                throw new InvalidOperationException($"Unhandled x402 order result {result}.");
        }
    }

    /// <summary>402 with a fresh quote's requirement (every refusal carries what to pay), or why no quote can be made.</summary>
    private static async Task<IResult> OfferAsync(HttpContext context, X402Checkout checkout, ClientRequestLimits limits, X402OrderRequest request,
        Uri resource, string error, string? code, CancellationToken cancellationToken)
    {
        if (limits.TryAcquire(BuyingRequest.Quote, context.Connection.RemoteIpAddress) is { } wait)
            return RateLimits.TooManyRequests(context.Response, wait, "Too many requests from your address");
        return await checkout.OfferAsync(request, resource, cancellationToken) switch
        {
            X402OrderResult.Offered offered => Results.Json(new X402PaymentRequired(X402Protocol.Version, error, code, [offered.Requirement]),
                X402Json.Options, statusCode: StatusCodes.Status402PaymentRequired),
            X402OrderResult.NotQuoted notQuoted => QuoteRefusal(notQuoted.Reason),
            var other => throw new InvalidOperationException($"Unhandled offer {other}."),
        };
    }

    /// <summary>The body's fields, each bad one named; null when any is bad.</summary>
    private static X402OrderRequest? Read(JsonFields body, LivePricing pricing)
    {
        var wantsCredits = body.Has("credits");
        var wantsPass = body.Has("diemPerDay") || body.Has("dates");
        if (wantsCredits && wantsPass)
        {
            const string both = "Send either credits, or diemPerDay with dates for a pass, not both.";
            body.Errors.Add("credits", both).Add("diemPerDay", both).Add("dates", both);
            return null;
        }
        if (!wantsCredits && !wantsPass)
        {
            body.Errors.Add("credits", "Credits are required (or diemPerDay and dates for a pass).")
                .Add("diemPerDay", "For a pass, diemPerDay and dates are required (or credits for today).");
            return null;
        }
        var email = body.String("email", "Email");
        if (email is not null) body.Errors.Add("email", OrderInputRules.CheckEmail(email));
        var request = wantsPass
            ? new X402OrderRequest(null, body.Int("diemPerDay", "Diem per day"), body.StringList("dates", "Date", "2026-11-22", pricing.Passes.HorizonDays) ?? [], email)
            : new X402OrderRequest(body.Int("credits", "Credits"), null, null, email);
        return body.Errors.Count > 0 ? null : request;
    }

    /// <summary>Paid orders get their key within seconds (a pass's later runs at their dates): wait a little, so one call is enough.</summary>
    private static async Task<OrderDetails> WaitForKeyAsync(OrderQueries orders, string token, TimeSpan patience, CancellationToken cancellationToken)
    {
        // Elapsed time, not the store's clock: this is only how long a caller is kept waiting.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var order = await orders.GetByTokenAsync(token, cancellationToken) ?? throw new InvalidOperationException("A paid order vanished.");
            var waiting = order.Summary.Status is OrderStatus.Paid or OrderStatus.Provisioning or OrderStatus.Created && order.ApiKey is null;
            if (!waiting || waited.Elapsed >= patience) return order;
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private static IResult QuoteRefusal(CreateQuoteResult result) => result switch
    {
        CreateQuoteResult.Invalid invalid => Results.ValidationProblem(invalid.Errors),
        CreateQuoteResult.SoldOut soldOut => StoreApi.SoldOut(soldOut.Remaining),
        CreateQuoteResult.DatesSoldOut soldOut => StoreApi.DatesSoldOut(soldOut.Dates),
        CreateQuoteResult.KeyCapacity full => StoreApi.KeyCapacity(full.NextMidnightUtc),
        CreateQuoteResult.SalesPaused paused => StoreApi.SalesPaused(paused.Reason),
        var other => throw new InvalidOperationException($"Unhandled quote result {other}."),
    };

    private static IResult OrderRefusal(HttpContext context, PlaceOrderResult result) => result switch
    {
        PlaceOrderResult.Invalid invalid => Results.ValidationProblem(invalid.Errors),
        PlaceOrderResult.SoldOut soldOut => StoreApi.SoldOut(soldOut.Remaining),
        PlaceOrderResult.DatesSoldOut soldOut => StoreApi.DatesSoldOut(soldOut.Dates),
        PlaceOrderResult.KeyCapacity full => StoreApi.KeyCapacity(full.NextMidnightUtc),
        PlaceOrderResult.SalesPaused paused => StoreApi.SalesPaused(paused.Reason),
        PlaceOrderResult.TooManyRequests tooMany => RateLimits.TooManyRequests(context.Response, tooMany.RetryAfter, "Too many requests from your address"),
        PlaceOrderResult.TooManyFailedPayments tooMany => RateLimits.TooManyRequests(context.Response, tooMany.RetryAfter, "Too many refused payments from your address"),
        PlaceOrderResult.QuoteUsed => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Quote already used",
            detail: "Another payment took the quote this one was for; nothing was settled. Send the request again for a new quote.",
            extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.QuoteUsed }),
        var other => throw new InvalidOperationException($"Unhandled x402 order result {other}."),
    };
}

/// <summary>POST /api/x402/orders: <paramref name="Credits"/> for today, or <paramref name="DiemPerDay"/> on <paramref name="Dates"/> (yyyy-MM-dd, UTC) for a pass; the receipt goes to <paramref name="Email"/> if given.</summary>
public sealed record X402OrderBody(int? Credits, int? DiemPerDay, IReadOnlyList<string>? Dates, string? Email);

/// <summary>x402's 402 body, with <paramref name="Code"/> naming why a payment was refused (null when none was sent).</summary>
public sealed record X402PaymentRequired(int X402Version, string Error, string? Code, IReadOnlyList<PaymentRequirements> Accepts);

/// <summary>Marks an operation that takes an x402 payment in the <c>X-PAYMENT</c> header.</summary>
public sealed record AcceptsX402Payment;
