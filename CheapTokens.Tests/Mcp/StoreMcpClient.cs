using System.Text.Json;
using CheapTokens.Blazor.Mcp;
using CheapTokens.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CheapTokens.Tests.Mcp;

/// <summary>An MCP client on the store's /mcp, as an agent connects: streamable HTTP, the SDK's own client.</summary>
public static class StoreMcpClient
{
    public static async Task<McpClient> ConnectAsync(StoreHost host)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(host.BaseAddress, McpServiceCollectionExtensions.Path),
            TransportMode = HttpTransportMode.StreamableHttp,
        });
        return await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new() { Name = "cheaptokens-tests", Version = "1.0.0" } });
    }

    /// <summary>Calls a tool that must succeed and returns its JSON answer.</summary>
    public static async Task<JsonElement> CallAsync(this McpClient client, string tool, Dictionary<string, object?>? arguments = null)
    {
        var result = await client.CallToolAsync(tool, arguments ?? []);
        Assert.True(result.IsError is not true, $"{tool} failed: {TextOf(result)}");
        return JsonDocument.Parse(TextOf(result)).RootElement.Clone();
    }

    /// <summary>Calls a tool that must refuse and returns the error text the agent reads.</summary>
    public static async Task<string> RefusedAsync(this McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        Assert.True(result.IsError is true, $"{tool} should have been refused but answered {TextOf(result)}");
        return TextOf(result);
    }

    public static string TextOf(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
