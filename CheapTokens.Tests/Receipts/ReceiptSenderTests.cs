using CheapTokens.Blazor.Http;
using Microsoft.Extensions.Options;
using CheapTokens.Blazor.Receipts;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Orders;
using CheapTokens.Tests.Support;
using CheapTokens.Tests.Venice;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CheapTokens.Tests.Receipts;

public class ReceiptSenderTests
{
    private static readonly OrderReceipt Receipt = new("buyer@example.com", "/orders/secret-order-token", 25, 6.25m);

    [Fact]
    public async Task TheSimulatedEmailLinksToThePortTheAppReallyListensOn()
    {
        await using var host = await StoreHost.StartAsync();
        var output = new StringWriter();

        await SendAsync(host, output);

        var text = output.ToString();
        Assert.Contains("Simulated email", text);
        Assert.Contains("To: buyer@example.com", text);
        Assert.Contains($"http://127.0.0.1:{host.BaseAddress.Port}/orders/secret-order-token", text);
        Assert.Contains("$6.25", text);
    }

    [Fact]
    public async Task TheEmailSaysTheOrdersStatusInTheStoresWordsAndWhereItsKeysWork()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Receipts:StoreBaseUrl"] = "https://demo.example/" });
        var paid = new StringWriter();
        var resent = new StringWriter();

        await SendAsync(host, paid);
        await SendAsync(host, resent, Receipt with { Stage = OrderStage.PartlyReady });

        Assert.Contains("Status: Paid", paid.ToString());
        Assert.Contains("Status: Partly ready", resent.ToString());
        Assert.Contains("they work only against this demo's simulated Venice at https://demo.example/venice-sim/api/v1", paid.ToString());
    }

    [Fact]
    public async Task AConfiguredPublicAddressWinsOverTheBoundOne()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Receipts:StoreBaseUrl"] = "https://cheaptokens.example/" });

        var output = new StringWriter();
        await SendAsync(host, output);

        Assert.Contains("Your order and its key: https://cheaptokens.example/orders/secret-order-token", output.ToString());
    }

    [Fact]
    public async Task WithoutAMailerTheLogGetsAMaskedEmailAndNeverTheLink()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));

        await new UnsentReceiptSender(factory.CreateLogger<UnsentReceiptSender>()).SendAsync(Receipt, default);

        var line = Assert.Single(logs.Lines);
        Assert.Contains("b***@example.com", line);
        Assert.DoesNotContain("buyer@example.com", line);
        Assert.DoesNotContain("secret-order-token", line);
    }

    [Theory]
    [InlineData("buyer@example.com", "b***@example.com")]
    [InlineData("a@b.co", "a***@b.co")]
    [InlineData("not-an-email", "***")]
    [InlineData("@example.com", "***")]
    public void MaskedEmailKeepsTheFirstCharacterAndTheDomain(string email, string masked) =>
        Assert.Equal(masked, MaskedEmail.Of(email));

    private static Task SendAsync(StoreHost host, TextWriter output, OrderReceipt? receipt = null) =>
        new ConsoleReceiptSender(host.Services.GetRequiredService<AppAddress>(), host.Services.GetRequiredService<IOptions<ReceiptOptions>>(),
                host.Services.GetRequiredService<KeyEndpoint>(), output)
            .SendAsync(receipt ?? Receipt, default);
}
