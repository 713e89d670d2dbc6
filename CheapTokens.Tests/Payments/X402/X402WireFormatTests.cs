using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CheapTokens.Core.Payments.X402;

namespace CheapTokens.Tests.Payments.X402;

public class X402WireFormatTests
{
    private static readonly PaymentRequirements Offered = PaymentRequirementsBuilder.Build(
        1.25m, new Uri("https://store.example/api/x402/orders"), "One-day Venice.ai API key",
        "0x209693Bc6afc0C5328bA36FaF03C514EF312287C", X402Network.BaseSepolia, TimeSpan.FromMinutes(5));

    [Fact]
    public void PaymentRequiredBodyHasX402sFieldNames()
    {
        var body = JsonNode.Parse(X402Json.Serialize(new PaymentRequiredResponse
        {
            Error = "X-PAYMENT header is required",
            Accepts = [Offered],
        }))!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {
              "x402Version": 1,
              "error": "X-PAYMENT header is required",
              "accepts": [{
                "scheme": "exact",
                "network": "base-sepolia",
                "maxAmountRequired": "1250000",
                "resource": "https://store.example/api/x402/orders",
                "description": "One-day Venice.ai API key",
                "mimeType": "application/json",
                "payTo": "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
                "maxTimeoutSeconds": 300,
                "asset": "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
                "extra": { "name": "USDC", "version": "2" }
              }]
            }
            """), body), body.ToJsonString());
    }

    [Fact]
    public void OutputSchemaIsWrittenWhenGiven()
    {
        var schema = JsonDocument.Parse("""{"input":{"type":"http","method":"POST"}}""").RootElement;

        var written = JsonNode.Parse(X402Json.Serialize(Offered with { OutputSchema = schema }))!;

        Assert.Equal("POST", written["outputSchema"]!["input"]!["method"]!.GetValue<string>());
    }

    [Fact]
    public void SettlementHeaderIsBase64OfX402sSettleResponse()
    {
        var header = X402Json.ToHeader(new SettlementResponse
        {
            Success = true,
            Payer = "0xb923Bc09e547fB66B54276329094f04DcD322A0e",
            Transaction = "0x" + new string('1', 64),
            Network = "base-sepolia",
        });

        var json = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            {"success":true,"payer":"0xb923Bc09e547fB66B54276329094f04DcD322A0e","transaction":"0x{{new string('1', 64)}}","network":"base-sepolia"}
            """), json), json.ToJsonString());
    }

    [Fact]
    public void KnownNetworksCarryX402sChainIdsUsdcAddressesAndDomains()
    {
        Assert.Equal(
            [("base", 8453L, "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "USD Coin", "2"),
             ("base-sepolia", 84532L, "0x036CbD53842c5426634e7929541eC2318f3dCF7e", "USDC", "2")],
            X402Network.Known.Select(n => (n.Name, n.ChainId, n.AssetAddress, n.AssetDomainName, n.AssetDomainVersion)));
        Assert.All(X402Network.Known, n => Assert.False(n.IsSimulated));
        Assert.Same(X402Network.BaseSepolia, X402Network.FindKnown("base-sepolia"));
        Assert.Null(X402Network.FindKnown("cheaptokens-demo"));
    }

    [Fact]
    public void SimulatedNetworkNeedsATokenAddress()
    {
        var demo = X402Network.Simulated("base-sepolia", 84532, "0x1111111111111111111111111111111111111111");
        Assert.True(demo.IsSimulated);
        Assert.Equal(("USDC", "2"), (demo.AssetDomainName, demo.AssetDomainVersion));

        Assert.Throws<ArgumentException>(() => X402Network.Simulated("demo", 1, "0x1234"));
        Assert.Throws<ArgumentOutOfRangeException>(() => X402Network.Simulated("demo", 0, "0x1111111111111111111111111111111111111111"));
    }
}
