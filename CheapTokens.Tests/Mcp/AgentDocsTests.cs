using System.Net;
using CheapTokens.Blazor.Payments.X402;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Mcp;

/// <summary>/docs explains buying as an agent for this store: its address, its network, its MCP endpoint.</summary>
public class AgentDocsTests
{
    [Fact]
    public async Task TheDocsPageShowsTheAgentFlowWithThisStoresAddressNetworkAndMcpEndpoint()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        var docs = WebUtility.HtmlDecode(await http.GetStringAsync("/docs"));
        var store = host.BaseAddress.ToString().TrimEnd('/');

        Assert.Matches("<section id=\"agents\"[^>]*>", docs);
        Assert.Matches("<a href=\"docs#agents\"[^>]*>Buying as an agent</a>", docs);
        Assert.Contains($"const store = \"{store}\";", docs);
        Assert.Contains("const pay = wrapFetchWithPayment(fetch, wallet, 5_000_000n);", docs);
        Assert.Contains("import { baseSepolia } from \"viem/chains\";", docs);
        Assert.Contains("await pay(`${store}/api/x402/orders`", docs);
        Assert.Contains($"\"url\": \"{store}/mcp\"", docs);
        // A demo install: simulated USDC, named with its own token address.
        Assert.Matches("This demo store takes <strong[^>]*>simulated USDC</strong>", docs);
        Assert.Contains(X402Options.DemoAssetAddress, docs);
        Assert.DoesNotContain("agents-live-usdc", docs);
    }
}
