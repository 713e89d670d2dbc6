using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CheapTokens.StandIns.Http;

/// <summary>What every stand-in does with a request body before it reads it, as the services they stand in for do.</summary>
public static class StandInRequests
{
    /// <summary>Stand-in bodies are small JSON objects: anything larger is refused with 413 before it is read whole.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    private const string NotText =
        "The request body is not valid text: a property name or string holds bytes that are not UTF-8, or an unpaired \\ud800-\\udfff escape.";

    /// <summary>Endpoint filter: 413 problem+json (code body_too_large) past <see cref="MaxBodyBytes"/>, declared or read.</summary>
    public static ValueTask<object?> LimitBody(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
                detail: $"Request bodies are at most {MaxBodyBytes / 1024} KB.",
                extensions: new Dictionary<string, object?> { ["code"] = "body_too_large" }));
        }
        // Bodies without a length (chunked) stop at the limit while being read: Kestrel throws a 413 BadHttpRequestException.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        return next(context);
    }

    /// <summary>
    /// Parses a JSON body whose every property name and string is text, or throws a 400 <see cref="BadHttpRequestException"/>
    /// (bytes that are not UTF-8, an unpaired surrogate escape). Invalid JSON still throws <see cref="JsonException"/>.
    /// </summary>
    public static async Task<JsonDocument> ParseJsonTextAsync(Stream body, JsonDocumentOptions options, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, options, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            throw new BadHttpRequestException(NotText, StatusCodes.Status400BadRequest);
        }
        if (IsText(document.RootElement)) return document;
        document.Dispose();
        throw new BadHttpRequestException(NotText, StatusCodes.Status400BadRequest);
    }

    private static bool IsText(JsonElement json)
    {
        try
        {
            switch (json.ValueKind)
            {
                case JsonValueKind.String:
                    _ = json.GetString();
                    return true;
                case JsonValueKind.Object:
                    foreach (var property in json.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!IsText(property.Value)) return false;
                    }
                    return true;
                case JsonValueKind.Array:
                    foreach (var item in json.EnumerateArray())
                        if (!IsText(item)) return false;
                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
