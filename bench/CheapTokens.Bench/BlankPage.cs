using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CheapTokens.Bench;

/// <summary>
/// The floor of a first paint: a blank page on a loopback port of the bench, served with the response headers the
/// store sends for <c>/</c>. Headers such as <c>Cross-Origin-Opener-Policy</c> cost the browser work (a renderer
/// process swap away from about:blank in a fresh context) before any of the page's own HTML, CSS or layout, so a
/// page that carries them cannot paint earlier than this one.
/// </summary>
public sealed class BlankPage : IAsyncDisposable
{
    private const string Html = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>CheapTokens</title></head>
        <body><p>1M tokens: $0.420000</p></body>
        </html>
        """;

    // Set by the connection or by this server, not properties of the page.
    private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Content-Encoding", "Content-Type", "Date", "Set-Cookie", "Connection", "Keep-Alive",
    };

    private readonly WebApplication _server;

    private BlankPage(WebApplication server, Uri url, IReadOnlyDictionary<string, StringValues> headers)
    {
        _server = server;
        Url = url;
        Headers = headers;
    }

    public Uri Url { get; }

    /// <summary>The headers copied from the store's <c>/</c>, sent with the blank page besides Content-Type.</summary>
    public IReadOnlyDictionary<string, StringValues> Headers { get; }

    public static async Task<BlankPage> StartAsync(Uri storeUrl, CancellationToken ct)
    {
        var headers = await CopyHeadersAsync(storeUrl, ct);
        var body = System.Text.Encoding.UTF8.GetBytes(Html);

        // The empty builder: no configuration files or environment of the working directory, no logging.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            // Only the copied headers (and Date): the store may not send Server either.
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0);
        });
        var server = builder.Build();
        server.Run(async context =>
        {
            if (context.Request.Path != "/")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            foreach (var (name, values) in headers) context.Response.Headers[name] = values;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
        await server.StartAsync(ct);
        // Port 0 above: Kestrel reports the port it was given.
        var url = new Uri(server.Urls.First());
        return new BlankPage(server, url, headers);
    }

    /// <summary>The response headers of the store's <c>/</c>, asked for as a browser would (HTML, compressed).</summary>
    private static async Task<Dictionary<string, StringValues>> CopyHeadersAsync(Uri storeUrl, CancellationToken ct)
    {
        using var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, storeUrl);
        request.Headers.TryAddWithoutValidation("Accept", "text/html");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {storeUrl} answered {(int)response.StatusCode}: no headers to copy for the blank page");
        var headers = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
            if (!NotCopied.Contains(name)) headers[name] = new StringValues([.. values]);
        return headers;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
