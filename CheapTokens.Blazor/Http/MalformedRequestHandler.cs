using Microsoft.AspNetCore.Diagnostics;

namespace CheapTokens.Blazor.Http;

/// <summary>
/// A request whose body cannot be read or decoded (a chunk size that is not hex or overflows, a body cut short, bytes
/// that are not UTF-8 where text is expected) is the caller's fault: it gets <c>400</c> problem+json with a
/// <c>detail</c> saying what was wrong, and the log one line without a stack trace, at the bounded rate of
/// <see cref="RequestNoiseLog"/>. Whatever route it was sent to: the store API, the simulated Venice, a page.
/// </summary>
public sealed class MalformedRequestHandler(IProblemDetailsService problems, RequestNoiseLog noise, ILogger<MalformedRequestHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted) return false;
        // The route template, not the path: a path can carry an order token.
        var route = (httpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        if (noise.ShouldLog(NoiseKinds.MalformedRequest))
            logger.LogWarning("Refused a malformed request to {Method} {Route} ({Status}): {Reason}", httpContext.Request.Method, route, bad.StatusCode, bad.Message);

        httpContext.Response.Clear();
        httpContext.Response.StatusCode = bad.StatusCode;
        var written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = "Malformed request", Detail = bad.Message },
        });
        // A caller that accepts no JSON (a browser asking for a page) gets the same words as plain text.
        if (!written) await httpContext.Response.WriteAsync(bad.Message, cancellationToken);
        return true;
    }
}
