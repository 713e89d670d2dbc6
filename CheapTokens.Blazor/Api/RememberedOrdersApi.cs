using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Security;
using CheapTokens.Core.Orders;

namespace CheapTokens.Blazor.Api;

/// <summary>
/// <c>POST /api/remembered-orders</c> <c>{"token": "..."}</c>: adds an order to this browser's list (the HttpOnly
/// <see cref="RememberedOrders"/> cookie). The live store page calls it after a purchase, because a Blazor circuit
/// cannot set cookies; the order page's own HTTP GET sets the cookie itself. Only for the store's own pages: a
/// JSON body (so a cross-site form cannot post it) and, where the browser says, a same-origin request.
/// </summary>
public static class RememberedOrdersApi
{
    public const string Path = "/remembered-orders";

    public static RouteHandlerBuilder MapRememberedOrders(this RouteGroupBuilder api) =>
        api.MapPost(Path, RememberAsync)
            .RequireRateLimiting(RateLimits.OrderLookups)
            .ExcludeFromDescription();

    private static async Task<IResult> RememberAsync(HttpContext context, OrderQueries orders, CancellationToken cancellationToken)
    {
        // Browsers say where a request comes from; another site's page must not add orders to this browser's list.
        var fetchSite = context.Request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && fetchSite != "same-origin")
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Same-origin requests only",
                extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = "cross_site_request" });
        if (!context.Request.HasJsonContentType())
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send application/json");
        var body = await JsonFields.ReadAsync(context.Request, cancellationToken);
        if (body is null)
            return Results.ValidationProblem(new Checkout.FieldErrors().Add("body", "The request body must be a JSON object."));
        var token = body.String("token", "Token");
        if (body.Errors.Count > 0) return Results.ValidationProblem(body.Errors);
        if (!OrderToken.IsWellFormed(token) || await orders.GetByTokenAsync(token, cancellationToken) is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such order",
                extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.OrderNotFound });
        RememberedOrders.Remember(context, token!);
        return Results.NoContent();
    }
}
