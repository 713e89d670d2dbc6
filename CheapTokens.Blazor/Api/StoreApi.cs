using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Blazor.Security;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Supply;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Api;

/// <summary>The purchase API: quote, place an order, read it back by its token.</summary>
public static class StoreApi
{
    private const string JsonContentType = "application/json";

    /// <summary>Set on an answer replayed for a repeated Idempotency-Key (Stripe's name for it).</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IEndpointRouteBuilder MapStoreApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").AddEndpointFilter<ApiErrorFilter>().AddEndpointFilter<RequestBodyLimit>().WithTags("Store");
        // Quotes and orders are limited per address by ClientRequestLimits, the count the page shares.
        api.MapPost("/quotes", CreateQuoteAsync)
            .WithName("CreateQuote")
            .WithSummary("Lock a price: credits for today, or a multi-day pass")
            .Accepts<CreateQuoteRequest>(JsonContentType)
            .Produces<QuoteResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .Answers(
                new(StatusCodes.Status201Created, "The quote: its price is held until expiresAt (never past 00:00 UTC)."),
                new(StatusCodes.Status400BadRequest, "code invalid_request: errors names each bad field (credits, diemPerDay, dates) with its message."),
                new(StatusCodes.Status429TooManyRequests, "code rate_limited: too many quotes from your address; wait Retry-After seconds."),
                new(StatusCodes.Status409Conflict, "code sold_out: remaining says how many credits are left today, or dates lists each date without enough left; " +
                    "code key_capacity: no more keys can be issued before 00:00 UTC today (nextMidnightUtc)."),
                new(StatusCodes.Status503ServiceUnavailable, "code sales_paused: the store has paused sales; reason says why. Try again later."));
        api.MapGet("/passes/dates", GetPassDatesAsync)
            .WithName("GetPassDates")
            .WithSummary("The UTC dates a pass can cover, each with what is left and its unit price now")
            .Produces<IReadOnlyList<DateAvailabilityResponse>>();
        api.MapPost("/orders", PlaceOrderAsync)
            .WithName("PlaceOrder")
            .WithSummary("Pay for a quote; the order's key follows at GET /api/orders/{token}")
            .WithMetadata(new RequiresIdempotencyKey())
            .Accepts<PlaceOrderRequest>(JsonContentType)
            .Produces<PlacedOrderResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .Answers(
                new(StatusCodes.Status201Created, "Paid (status paid; the key is being issued) or waiting for the payment to be confirmed (status created). Keep the token: it is the only way to read the order. The same Idempotency-Key with the same body again gets this same answer (header Idempotent-Replayed: true), never a second charge, also after the quote's hold ran out."),
                new(StatusCodes.Status400BadRequest, "code invalid_request: errors names each bad field (quoteId, email, paymentMethod, Idempotency-Key)."),
                new(StatusCodes.Status402PaymentRequired, "Payment not taken; code is card_declined, insufficient_funds, or processor_error (the charge never reached the processor); orderStatus is declined. Nothing was charged; the quote can be paid again under a new Idempotency-Key."),
                new(StatusCodes.Status409Conflict, "code sold_out: sold out since the quote was made; code quote_used: another order was already placed on this quote; code key_capacity: no more keys can be issued before 00:00 UTC today; " +
                    "code supply_held: an order paid in the page (no paymentMethod) cannot hold credits now, as unpaid orders already hold their share of what is left; wait Retry-After seconds. Nothing was charged."),
                new(StatusCodes.Status410Gone, "code quote_expired: the quote expired (expiredAt) before an order was placed on it; ask for a new one."),
                new(StatusCodes.Status422UnprocessableEntity, "code idempotency_key_reused: this Idempotency-Key was used with other parameters; nothing was changed."),
                new(StatusCodes.Status429TooManyRequests, "code rate_limited: too many orders from your address, or too many declined payments on this quote or from your address; " +
                    "code too_many_unpaid_orders: your address or e-mail already has the most orders waiting for a card that it may have; pay or cancel one, or wait Retry-After seconds. " +
                    "A repeat of an answered request (same Idempotency-Key and body) is never counted again."),
                new(StatusCodes.Status503ServiceUnavailable, "code processor_error: the payment processor did not answer; the order waits. Retry with the same Idempotency-Key after Retry-After: it never charges twice. " +
                    "code sales_paused: the store has paused sales (reason says why); nothing was placed or charged."));
        api.MapGet("/orders/{token}", GetOrderAsync)
            .RequireRateLimiting(RateLimits.OrderLookups)
            .WithName("GetOrder")
            .WithSummary("An order by its token: status, and once fulfilled its key (for a pass, one per run of dates)")
            .Produces<OrderResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .Answers(
                new(StatusCodes.Status404NotFound, "code order_not_found: no order has this token."),
                new(StatusCodes.Status429TooManyRequests, "code rate_limited: too many look-ups from your address; wait Retry-After seconds."));
        api.MapPost("/orders/{token}/cancel", CancelOrderAsync)
            .RequireRateLimiting(RateLimits.OrderLookups)
            .WithName("CancelOrder")
            .WithSummary("Give up an order still waiting for its card in the page: nothing is charged and its credits go back on sale at once")
            .Produces<PlacedOrderResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .Answers(
                new(StatusCodes.Status200OK, "Cancelled (status declined), also when it already was."),
                new(StatusCodes.Status404NotFound, "code order_not_found: no order has this token."),
                new(StatusCodes.Status409Conflict, "code order_not_cancellable: the order is paid, being charged, or was not placed for payment in the page; orderStatus says which. Nothing was changed."),
                new(StatusCodes.Status429TooManyRequests, "code rate_limited: too many look-ups from your address; wait Retry-After seconds."));
        api.MapRememberedOrders();
        api.MapX402Orders();
        return endpoints;
    }

    private static async Task<IResult> CreateQuoteAsync(HttpRequest request, QuoteService quotes, LivePricing pricing, ClientRequestLimits limits, CancellationToken cancellationToken)
    {
        if (limits.TryAcquire(BuyingRequest.Quote, request.HttpContext.Connection.RemoteIpAddress) is { } wait)
            return RateLimits.TooManyRequests(request.HttpContext.Response, wait, "Too many requests from your address");
        var body = await JsonFields.ReadAsync(request, cancellationToken);
        if (body is null) return NotAJsonObject();
        // Credits for today, or a pass: diemPerDay on dates. Exactly one of the two.
        var wantsCredits = body.Has("credits");
        var wantsPass = body.Has("diemPerDay") || body.Has("dates");
        if (wantsCredits && wantsPass)
        {
            const string both = "Send either credits, or diemPerDay with dates for a pass, not both.";
            return Results.ValidationProblem(new FieldErrors().Add("credits", both).Add("diemPerDay", both).Add("dates", both));
        }
        if (!wantsCredits && !wantsPass)
            return Results.ValidationProblem(new FieldErrors()
                .Add("credits", "Credits are required (or diemPerDay and dates for a pass).")
                .Add("diemPerDay", "For a pass, diemPerDay and dates are required (or credits for today)."));

        CreateQuoteResult result;
        if (wantsPass)
        {
            var diemPerDay = body.Int("diemPerDay", "Diem per day");
            // A pass covers at most every date on sale, so a longer list is refused before any date is read.
            var dates = body.StringList("dates", "Date", "2026-11-22", pricing.Passes.HorizonDays);
            if (body.Errors.Count > 0) return Results.ValidationProblem(body.Errors);
            result = await quotes.CreatePassQuoteAsync(diemPerDay, dates, cancellationToken);
        }
        else
        {
            var credits = body.Int("credits", "Credits");
            if (body.Errors.Count > 0) return Results.ValidationProblem(body.Errors);
            result = await quotes.CreateQuoteAsync(credits, cancellationToken);
        }

        return result switch
        {
            CreateQuoteResult.Created created => Results.Json(QuoteResponse.Of(created.Quote), statusCode: StatusCodes.Status201Created),
            CreateQuoteResult.Invalid invalid => Results.ValidationProblem(invalid.Errors),
            CreateQuoteResult.SoldOut soldOut => SoldOut(soldOut.Remaining),
            CreateQuoteResult.DatesSoldOut soldOut => DatesSoldOut(soldOut.Dates),
            CreateQuoteResult.KeyCapacity full => KeyCapacity(full.NextMidnightUtc),
            CreateQuoteResult.SalesPaused paused => SalesPaused(paused.Reason),
            var other => throw new InvalidOperationException($"Unhandled quote result {other}."),
        };
    }

    /// <summary>The dates a pass can cover, each with what is left and its unit price now.</summary>
    private static async Task<IResult> GetPassDatesAsync(PassDateAvailability dates, CancellationToken cancellationToken) =>
        Results.Ok((await dates.GetAsync(cancellationToken))
            .Select(d => new DateAvailabilityResponse(d.Date, d.Remaining, d.SoldOut, d.UnitPrice)).ToList());

    private static async Task<IResult> PlaceOrderAsync(HttpContext context, CheckoutService checkout, CancellationToken cancellationToken)
    {
        var body = await JsonFields.ReadAsync(context.Request, cancellationToken);
        if (body is null) return NotAJsonObject();
        var quoteId = body.Guid("quoteId", "Quote id");
        var email = body.String("email", "Email");
        var paymentMethod = body.String("paymentMethod", "Payment method");
        var idempotencyKey = context.Request.Headers[CheckoutService.IdempotencyKeyHeader].ToString();
        if (body.Errors.Count > 0)
            return Results.ValidationProblem(body.Errors.Add(CheckoutService.IdempotencyKeyHeader, OrderInputRules.CheckIdempotencyKey(idempotencyKey)));

        context.Response.Headers.CacheControl = "no-store";
        // Request and declined-payment limits are the checkout's: a repeated request is answered without counting again.
        var result = await checkout.PlaceOrderForClientAsync(quoteId, email, paymentMethod, idempotencyKey, context.Connection.RemoteIpAddress, cancellationToken);
        // A replay is the saved answer (or the payment in doubt asked again), marked as Stripe marks it, whatever its status.
        if (result.Repeated) context.Response.Headers[ReplayedHeader] = "true";
        switch (result)
        {
            case PlaceOrderResult.Placed placed:
                return Results.Created($"/api/orders/{placed.Order.Token}",
                    new PlacedOrderResponse(placed.Order.Token, OrderResponse.StatusName(placed.Order.Status), placed.ClientSecret));
            case PlaceOrderResult.Invalid invalid:
                return Results.ValidationProblem(invalid.Errors);
            case PlaceOrderResult.QuoteExpired expired:
                return Results.Problem(statusCode: StatusCodes.Status410Gone, title: "Quote expired",
                    detail: "The quoted price is no longer held; ask for a new quote.",
                    extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.QuoteExpired, ["expiredAt"] = expired.ExpiredAt });
            case PlaceOrderResult.SoldOut soldOut:
                return SoldOut(soldOut.Remaining);
            case PlaceOrderResult.DatesSoldOut soldOut:
                return DatesSoldOut(soldOut.Dates);
            case PlaceOrderResult.KeyCapacity full:
                return KeyCapacity(full.NextMidnightUtc);
            case PlaceOrderResult.SalesPaused paused:
                return SalesPaused(paused.Reason);
            case PlaceOrderResult.PaymentDeclined declined:
                return Results.Problem(statusCode: StatusCodes.Status402PaymentRequired, title: "Payment declined", detail: declined.Message,
                    extensions: new Dictionary<string, object?>
                    {
                        [ProblemCodes.Field] = ProblemCodes.ForPaymentFailure(declined.FailureCode),
                        ["token"] = declined.Order.Token,
                        // Not "status": in a problem that is the HTTP status number.
                        ["orderStatus"] = OrderResponse.StatusName(declined.Order.Status),
                    });
            case PlaceOrderResult.PaymentUnavailable unavailable:
                context.Response.Headers.RetryAfter = "5";
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Payment processor unavailable",
                    detail: "The payment processor did not answer. Retry with the same Idempotency-Key: it never charges twice.",
                    extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.ProcessorError, ["retryable"] = true });
            case PlaceOrderResult.IdempotencyKeyReused:
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key already used",
                    detail: "This Idempotency-Key was used with other parameters (quote, email or payment method); nothing was changed. Use a new key for a new order.",
                    extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.IdempotencyKeyReused });
            case PlaceOrderResult.TooManyFailedPayments tooMany:
                return RateLimits.TooManyRequests(context.Response, tooMany.RetryAfter, "Too many declined payments for this quote or from your address");
            case PlaceOrderResult.TooManyRequests tooMany:
                return RateLimits.TooManyRequests(context.Response, tooMany.RetryAfter, "Too many requests from your address");
            case PlaceOrderResult.TooManyUnpaidOrders unpaid:
                return WithRetryAfter(context.Response, unpaid.RetryAfter, seconds => Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many unpaid orders",
                    detail: $"Your address or e-mail already has the most orders waiting for a card that it may have. Pay or cancel one, or try again in {seconds} s.",
                    extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.TooManyUnpaidOrders, ["retryAfterSeconds"] = seconds }));
            case PlaceOrderResult.HoldsFull full:
                return WithRetryAfter(context.Response, full.RetryAfter, seconds => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Credits held by unpaid orders",
                    detail: $"Orders waiting for payment hold as much of what is left as they may. Nothing was charged; try again in {seconds} s, or pay with a payment method now.",
                    extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.SupplyHeld, ["retryAfterSeconds"] = seconds }));
            case PlaceOrderResult.QuoteUsed:
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Quote already used",
                    detail: "An order was already placed on this quote; a quote pays for one order. Ask for a new quote.",
                    extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.QuoteUsed });
            default:
                throw new InvalidOperationException($"Unhandled order result {result}.");
        }
    }

    private static async Task<IResult> CancelOrderAsync(string token, HttpResponse response, UnpaidOrderCancellation cancellation, CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-store";
        return await cancellation.CancelAsync(token, cancellationToken) switch
        {
            CancelOrderResult.Cancelled cancelled => Results.Ok(new PlacedOrderResponse(token, OrderResponse.StatusName(cancelled.Order.Status), null)),
            CancelOrderResult.NotCancellable refused => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Order not cancellable",
                detail: "Only an order waiting for its card in the page can be cancelled; this one is " + OrderResponse.StatusName(refused.Status) + ".",
                extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.OrderNotCancellable, ["orderStatus"] = OrderResponse.StatusName(refused.Status) }),
            _ => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such order",
                extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.OrderNotFound }),
        };
    }

    /// <summary>Sets Retry-After in whole seconds (at least one) and builds the answer with them.</summary>
    private static IResult WithRetryAfter(HttpResponse response, TimeSpan retryAfter, Func<int, IResult> answer)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return answer(seconds);
    }

    private static async Task<IResult> GetOrderAsync(string token, HttpResponse response, OrderQueries orders, CancellationToken cancellationToken)
    {
        var order = await orders.GetByTokenAsync(token, cancellationToken);
        if (order is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such order",
                extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.OrderNotFound });
        // The body may carry the buyer's API key: keep it out of every cache.
        response.Headers.CacheControl = "no-store";
        return Results.Ok(OrderResponse.Of(order, orders.QueuePlaceOf(order.Summary.OrderId)));
    }

    internal static IResult SoldOut(int remaining) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Sold out",
            detail: remaining == 0 ? "Today's credits are sold out; supply renews at 00:00 UTC." : $"Only {remaining} credits are left today.",
            extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.SoldOut, ["remaining"] = remaining });

    internal static IResult KeyCapacity(DateTimeOffset nextMidnightUtc) =>
        // The page's words: a buyer should understand why, and when to come back.
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "No keys left today", detail: Components.Checkout.CheckoutState.KeyCapacityText,
            extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.KeyCapacity, ["nextMidnightUtc"] = nextMidnightUtc });

    internal static IResult SalesPaused(string reason) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Sales are paused", detail: reason,
            extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.SalesPaused, ["reason"] = reason });

    internal static IResult DatesSoldOut(IReadOnlyList<DateRemaining> dates) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Sold out",
            detail: "Not enough diem left on " + string.Join(", ", dates.Select(d => $"{PassInputRules.Format(d.Date)} ({d.Remaining} left)")) + ".",
            extensions: new Dictionary<string, object?>
            {
                [ProblemCodes.Field] = ProblemCodes.SoldOut,
                ["dates"] = dates.Select(d => new { date = PassInputRules.Format(d.Date), remaining = d.Remaining }).ToList(),
            });

    internal static IResult NotAJsonObject() =>
        Results.ValidationProblem(new FieldErrors().Add("body", "The request body must be a JSON object."));
}
