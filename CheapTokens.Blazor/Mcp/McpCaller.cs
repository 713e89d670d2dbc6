using System.Net;

namespace CheapTokens.Blazor.Mcp;

/// <summary>
/// The HTTP request that carries a tool call: whose address it counts against, and where the store was reached, so
/// the URLs a tool hands out are the ones the agent can use. Stateless MCP runs each call inside its own request.
/// </summary>
public sealed class McpCaller(IHttpContextAccessor http)
{
    /// <summary>The client's address as the rate limits see it (a trusted proxy's X-Forwarded-For already applied).</summary>
    public IPAddress? Address => http.HttpContext?.Connection.RemoteIpAddress;

    /// <summary>The absolute URL of <paramref name="path"/> on this store, as the caller reached it.</summary>
    public Uri UrlOf(string path)
    {
        var request = http.HttpContext?.Request
            ?? throw new InvalidOperationException("A tool that hands out the store's URLs runs only inside an HTTP request.");
        return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{path}");
    }
}
