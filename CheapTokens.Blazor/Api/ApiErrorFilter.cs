namespace CheapTokens.Blazor.Api;

/// <summary>
/// Whatever the app's error pipeline is, API clients get a problem response and never a stack trace or the
/// HTML error page.
/// </summary>
public sealed class ApiErrorFilter(ILogger<ApiErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (BadHttpRequestException)
        {
            // The caller's fault, not ours: MalformedRequestHandler answers it with its reason and logs it at a bounded rate.
            throw;
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // The route template, not the path: a path can carry an order token, which opens the buyer's key.
            var route = (context.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unknown route)";
            logger.LogError(e, "Unhandled error in {Method} {Route}", context.HttpContext.Request.Method, route);
            return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Something went wrong on our side.");
        }
    }
}
