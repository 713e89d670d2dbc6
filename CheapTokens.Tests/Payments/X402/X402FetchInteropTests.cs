using System.Text;
using System.Text.Json;
using CheapTokens.Core.Payments.X402;
using CheapTokens.Tests.Support;
using Nethereum.Signer;

namespace CheapTokens.Tests.Payments.X402;

/// <summary>
/// The running store (its own stand-ins, the real clock) bought from by the real npm client: a plain fetch wrapped by
/// x402-fetch 1.2.0 with a viem local account buys a key in one call.
/// </summary>
public class X402FetchInteropTests
{
    private const string BuyerScript = """
        const { wrapFetchWithPayment } = require("x402-fetch");
        const { privateKeyToAccount } = require("viem/accounts");
        let input = "";
        process.stdin.on("data", (chunk) => (input += chunk));
        process.stdin.on("end", async () => {
          const { url, privateKey, body, maxValue } = JSON.parse(input);
          const pay = wrapFetchWithPayment(fetch, privateKeyToAccount(privateKey), BigInt(maxValue));
          const response = await pay(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
          process.stdout.write(JSON.stringify({
            status: response.status,
            body: await response.text(),
            paymentResponse: response.headers.get("x-payment-response"),
          }));
        });
        """;

    [Fact]
    public async Task AFetchWrappedByX402FetchBuysAKeyInOneCall()
    {
        var folder = await X402ClientInteropTests.NpmFolderOrSkip();
        await using var store = await StoreHost.StartAsync();
        var key = EthECKey.GenerateKey();
        var script = Path.Combine(folder, "cheaptokens-buy-key.cjs");
        await File.WriteAllTextAsync(script, BuyerScript);
        var input = JsonSerializer.Serialize(new
        {
            url = new Uri(store.BaseAddress, "/api/x402/orders").ToString(),
            privateKey = key.GetPrivateKey(),
            body = new { credits = 3 },
            // x402-fetch pays at most 0.1 USDC unless told more.
            maxValue = "5000000",
        });

        var (exitCode, output, error) = await X402ClientInteropTests.Run(folder, "node", [script], input, TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, $"the x402-fetch buyer failed: {error}");
        using var answer = JsonDocument.Parse(output);
        Assert.True(answer.RootElement.GetProperty("status").GetInt32() == 201, output);
        using var order = JsonDocument.Parse(answer.RootElement.GetProperty("body").GetString()!);
        Assert.Equal(3, order.RootElement.GetProperty("credits").GetInt32());
        Assert.False(string.IsNullOrEmpty(order.RootElement.GetProperty("apiKey").GetString()), "the answer carries no key");
        var settlement = JsonSerializer.Deserialize<SettlementResponse>(
            Encoding.UTF8.GetString(Convert.FromBase64String(answer.RootElement.GetProperty("paymentResponse").GetString()!)), X402Json.Options)!;
        Assert.True(settlement.Success);
        Assert.Equal(key.GetPublicAddress(), settlement.Payer, ignoreCase: true);
        using var http = store.CreateClient();
        Assert.Equal("fulfilled", (await HttpJson.ReadJsonAsync(await http.GetAsync($"/api/orders/{order.RootElement.GetProperty("token").GetString()}")))
            .GetProperty("status").GetString());
    }
}
