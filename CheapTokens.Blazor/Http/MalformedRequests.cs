using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace CheapTokens.Blazor.Http;

/// <summary>
/// Kestrel reports most broken bodies as <see cref="BadHttpRequestException"/>, but a chunk size too large for its
/// counter as a plain <see cref="IOException"/>, which reads like a server fault. Wrapped here, any failure to read a
/// request body that the client did not abort is reported as what it is: a bad request.
/// </summary>
internal sealed class ClientBodyStream(Stream inner, HttpContext context) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return inner.Read(buffer, offset, count);
        }
        catch (IOException e) when (IsMalformed(e))
        {
            throw Malformed(e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException e) when (IsMalformed(e))
        {
            throw Malformed(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private bool IsMalformed(IOException e) => e is not BadHttpRequestException && !context.RequestAborted.IsCancellationRequested;

    private static BadHttpRequestException Malformed(IOException e) =>
        new($"The request body is malformed: {e.Message}", StatusCodes.Status400BadRequest, e);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

public static class MalformedRequests
{
    /// <summary>The answer for malformed requests; needs <c>AddRequestNoiseLog</c>.</summary>
    public static IServiceCollection AddMalformedRequestHandling(this IServiceCollection services)
    {
        services.AddExceptionHandler<MalformedRequestHandler>();
        return services;
    }

    /// <summary>Before anything reads a body: see <see cref="ClientBodyStream"/>.</summary>
    public static IApplicationBuilder UseClientBodyErrors(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
                context.Request.Body = new ClientBodyStream(context.Request.Body, context);
            return next(context);
        });

    private const string NotText =
        "The request body is not valid text: a property name or string holds bytes that are not UTF-8, or an unpaired \\ud800-\\udfff escape.";

    /// <summary>
    /// Parses a JSON body whose every property name and string is text, or throws a 400
    /// <see cref="BadHttpRequestException"/> for bytes that are not UTF-8 or an escaped half of a surrogate pair
    /// (<c>"\ud800"</c>). The parser accepts both and only reading the text fails, far from where the body was read
    /// (or, when repeated properties are refused, inside the parser). Invalid JSON still throws <see cref="System.Text.Json.JsonException"/>.
    /// </summary>
    public static async Task<System.Text.Json.JsonDocument> ParseJsonTextAsync(Stream body, System.Text.Json.JsonDocumentOptions options, CancellationToken cancellationToken)
    {
        System.Text.Json.JsonDocument document;
        try
        {
            document = await System.Text.Json.JsonDocument.ParseAsync(body, options, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            throw new BadHttpRequestException(NotText, StatusCodes.Status400BadRequest);
        }
        if (IsText(document.RootElement)) return document;
        document.Dispose();
        throw new BadHttpRequestException(NotText, StatusCodes.Status400BadRequest);
    }

    private static bool IsText(System.Text.Json.JsonElement json)
    {
        try
        {
            switch (json.ValueKind)
            {
                case System.Text.Json.JsonValueKind.String:
                    _ = json.GetString();
                    return true;
                case System.Text.Json.JsonValueKind.Object:
                    foreach (var property in json.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!IsText(property.Value)) return false;
                    }
                    return true;
                case System.Text.Json.JsonValueKind.Array:
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
