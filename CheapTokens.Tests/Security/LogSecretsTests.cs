using CheapTokens.Tests.StandIns;
using CheapTokens.Blazor.Venice;
using System.Net;
using CheapTokens.Blazor.Payments;
using CheapTokens.StandIns.Venice;
using CheapTokens.Tests.Support;
using CheapTokens.Tests.Venice;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Security;

/// <summary>At the configured log levels (the app's own at Debug), a whole purchase logs no token, full email or key.</summary>
public class LogSecretsTests
{
    [Fact]
    public async Task APurchaseADeclineAndTheKeysUseLogNoTokenNoFullEmailAndNoKey()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StoreHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Venice:Simulator:Enabled"] = "true",
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:CheapTokens"] = "Debug",
            },
            new FakeTimeProvider(StoreHost.Afternoon),
            services => services.AddSingleton<ILoggerProvider>(logs));

        var token = await host.BuyCreditsAsync(credits: 2);
        var order = await host.WaitForOrderStatusAsync(token, "fulfilled");
        var apiKey = order.GetProperty("apiKey").GetString()!;
        using (var http = host.CreateClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/orders/{token}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/orders/{token[..^1]}x")).StatusCode);
        }
        using (var venice = host.CreateSimulatorClient(apiKey))
            Assert.Equal(HttpStatusCode.OK, (await venice.PostAsync("chat/completions", VeniceSimulatorTests.ChatBody())).StatusCode);
        var declinedQuote = await host.QuoteOverHttpAsync();
        using var declined = await host.PlaceOverHttpAsync(new { quoteId = declinedQuote, email = "card.tester@example.com", paymentMethod = SandboxPaymentProcessor.Declined }, "key-logs-decline");
        var declinedToken = (await HttpJson.ReadJsonAsync(declined)).GetProperty("token").GetString()!;
        var adminKey = (await File.ReadAllTextAsync(Path.Combine(host.DataDirectory, VeniceSimulatorAdminKey.FileName))).Trim();

        var lines = logs.Lines;
        Assert.Contains(lines, line => line.Contains("paid", StringComparison.Ordinal));
        foreach (var secret in new[] { token, declinedToken, apiKey, adminKey, "bot@example.com", "card.tester@example.com" })
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
    }
}
