using System.ComponentModel;
using ModelContextProtocol.Server;

namespace CheapTokens.Blazor.Mcp;

/// <summary>The store's guides for agents, as markdown: built into the app from docs/ so they match the running version.</summary>
[McpServerResourceType]
public sealed class StoreDocsResources
{
    public const string AgentsUri = "cheaptokens://docs/agents";
    public const string ApiUri = "cheaptokens://docs/api";
    public const string X402Uri = "cheaptokens://docs/x402";

    [McpServerResource(UriTemplate = AgentsUri, Name = "agents", Title = "Buying as an agent", MimeType = "text/markdown")]
    [Description("How an agent buys a key: the x402 flow, a JavaScript example, this MCP server's tools, and what happens on failure.")]
    public static string AgentsGuide() => Read("agents.md");

    [McpServerResource(UriTemplate = ApiUri, Name = "api", Title = "The store's HTTP API", MimeType = "text/markdown")]
    [Description("The HTTP API: live prices, quotes, orders and their answers and problem codes.")]
    public static string ApiReference() => Read("api.md");

    [McpServerResource(UriTemplate = X402Uri, Name = "x402", Title = "Paying in USDC over x402", MimeType = "text/markdown")]
    [Description("The x402 protocol as the store speaks it: the 402 answer, the payment header, what is checked, networks, money rules.")]
    public static string X402Notes() => Read("x402.md");

    private static string Read(string file)
    {
        using var stream = typeof(StoreDocsResources).Assembly.GetManifestResourceStream("docs/" + file)
            ?? throw new InvalidOperationException($"docs/{file} is not built into the app.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
