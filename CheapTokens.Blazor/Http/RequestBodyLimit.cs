using Microsoft.AspNetCore.Http.Features;

namespace CheapTokens.Blazor.Http;

/// <summary>
/// Store API bodies are small JSON objects: anything past <see cref="MaxBytes"/> is refused with 413 before it is
/// read whole, so one request cannot make the server parse (or echo errors about) megabytes.
/// </summary>
public sealed class RequestBodyLimit : IEndpointFilter
{
    public const int MaxBytes = 16 * 1024;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.ContentLength > MaxBytes) return ValueTask.FromResult<object?>(TooLarge());
        // Bodies without a length (chunked) stop at the limit while being read: Kestrel throws a 413 BadHttpRequestException.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBytes;
        return next(context);
    }

    public static IResult TooLarge() =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
            detail: $"Store API request bodies are at most {MaxBytes / 1024} KB.",
            extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.BodyTooLarge });
}
