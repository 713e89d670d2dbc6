using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Supply;

namespace CheapTokens.Blazor.Api;

/// <summary>The purchase API: quote, place an order, read it back by its token.</summary>
public static class StoreApi
{
    public static IEndpointRouteBuilder MapStoreApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").AddEndpointFilter<ApiErrorFilter>();
        api.MapPost("/quotes", CreateQuoteAsync);
        api.MapGet("/passes/dates", GetPassDatesAsync);
        api.MapPost("/orders", PlaceOrderAsync);
        api.MapGet("/orders/{token}", GetOrderAsync);
        return endpoints;
    }

    private static async Task<IResult> CreateQuoteAsync(HttpRequest request, QuoteService quotes, CancellationToken cancellationToken)
    {
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
            var dates = body.StringList("dates", "Date", "2026-11-22");
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
        var result = await checkout.PlaceOrderAsync(quoteId, email, paymentMethod, idempotencyKey, cancellationToken);
        switch (result)
        {
            case PlaceOrderResult.Placed placed:
                var response = new PlacedOrderResponse(placed.Order.Token, OrderResponse.StatusName(placed.Order.Status));
                return placed.Replayed ? Results.Ok(response) : Results.Created($"/api/orders/{placed.Order.Token}", response);
            case PlaceOrderResult.Invalid invalid:
                return Results.ValidationProblem(invalid.Errors);
            case PlaceOrderResult.QuoteExpired expired:
                return Results.Problem(statusCode: StatusCodes.Status410Gone, title: "Quote expired",
                    detail: "The quoted price is no longer held; ask for a new quote.",
                    extensions: new Dictionary<string, object?> { ["expiredAt"] = expired.ExpiredAt });
            case PlaceOrderResult.SoldOut soldOut:
                return SoldOut(soldOut.Remaining);
            case PlaceOrderResult.DatesSoldOut soldOut:
                return DatesSoldOut(soldOut.Dates);
            case PlaceOrderResult.PaymentDeclined declined:
                return Results.Problem(statusCode: StatusCodes.Status402PaymentRequired, title: "Payment declined", detail: declined.Message,
                    extensions: new Dictionary<string, object?>
                    {
                        ["code"] = declined.FailureCode,
                        ["token"] = declined.Order.Token,
                        ["status"] = OrderResponse.StatusName(declined.Order.Status),
                    });
            case PlaceOrderResult.PaymentUnavailable unavailable:
                context.Response.Headers.RetryAfter = "5";
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Payment processor unavailable",
                    detail: "Nothing was charged. Retry with the same Idempotency-Key.",
                    extensions: new Dictionary<string, object?> { ["code"] = PaymentFailureCode.ProcessorError.ToCode(), ["retryable"] = true });
            case PlaceOrderResult.IdempotencyKeyReused:
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key already used",
                    detail: "This Idempotency-Key belongs to an order for a different quote; use a new key for a new order.");
            default:
                throw new InvalidOperationException($"Unhandled order result {result}.");
        }
    }

    private static async Task<IResult> GetOrderAsync(string token, HttpResponse response, OrderQueries orders, CancellationToken cancellationToken)
    {
        var order = await orders.GetByTokenAsync(token, cancellationToken);
        if (order is null) return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such order");
        // The body may carry the buyer's API key: keep it out of every cache.
        response.Headers.CacheControl = "no-store";
        return Results.Ok(OrderResponse.Of(order));
    }

    private static IResult SoldOut(int remaining) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Sold out",
            detail: remaining == 0 ? "Today's credits are sold out; supply renews at 00:00 UTC." : $"Only {remaining} credits are left today.",
            extensions: new Dictionary<string, object?> { ["remaining"] = remaining });

    private static IResult DatesSoldOut(IReadOnlyList<DateRemaining> dates) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Sold out",
            detail: "Not enough diem left on " + string.Join(", ", dates.Select(d => $"{PassInputRules.Format(d.Date)} ({d.Remaining} left)")) + ".",
            extensions: new Dictionary<string, object?>
            {
                ["dates"] = dates.Select(d => new { date = PassInputRules.Format(d.Date), remaining = d.Remaining }).ToList(),
            });

    private static IResult NotAJsonObject() =>
        Results.ValidationProblem(new FieldErrors().Add("body", "The request body must be a JSON object."));
}
