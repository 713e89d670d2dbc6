using System.Net;
using System.Text;
using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Payments.Webhooks;
using CheapTokens.Blazor.Security;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Stripe;

namespace CheapTokens.Tests.Security;

/// <summary>
/// Unauthenticated noise reaches the log at a bounded rate: of 1,000 bad requests of one kind in a minute, the first
/// <c>Noise:LinesPerMinute</c> are logged, and when the minute ends one line says how many more there were.
/// </summary>
public class NoiseLogTests
{
    private const int Sent = 1000;
    private const int LinesPerMinute = 5;

    [Fact]
    public async Task AThousandBadlySignedWebhooksWriteAFewLinesThenOneSummary()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(logs);
        const string payload = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}";
        var forged = EventUtility.GenerateSignatureHeader(payload, "whsec_not_the_store_s", host.Clock.GetUtcNow().ToUnixTimeSeconds());

        var statuses = await SendAsync(host, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhookEndpoint.Path) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", forged);
            return request;
        });

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        await AssertBoundedAsync(host, logs, "Refused a Stripe webhook", NoiseKinds.WebhookSignature);
    }

    [Fact]
    public async Task AThousandMalformedRequestsWriteAFewLinesThenOneSummary()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(logs);
        byte[] notText = [.. "{\""u8, 0xC3, 0x28, .. "\":1}"u8];

        var statuses = await SendAsync(host, () =>
            new HttpRequestMessage(HttpMethod.Post, "/api/quotes") { Content = new ByteArrayContent(notText) { Headers = { ContentType = new("application/json") } } });

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        await AssertBoundedAsync(host, logs, "Refused a malformed request", NoiseKinds.MalformedRequest);
    }

    private static Task<StoreHost> StartAsync(CapturingLoggerProvider logs) =>
        StoreHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["RateLimits:Enabled"] = "false",
                ["Payments:Processor"] = "Stripe",
                ["Noise:LinesPerMinute"] = LinesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            new FakeTimeProvider(StoreHost.Afternoon),
            services => services.AddLogging(logging => logging.AddProvider(logs)));

    private static async Task<HttpStatusCode[]> SendAsync(StoreHost host, Func<HttpRequestMessage> request)
    {
        using var http = host.CreateClient();
        var statuses = new HttpStatusCode[Sent];
        // A few at a time, as a script would send them.
        await Parallel.ForEachAsync(Enumerable.Range(0, Sent), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            using var message = request();
            using var response = await http.SendAsync(message, cancellationToken);
            statuses[i] = response.StatusCode;
        });
        return statuses;
    }

    private static async Task AssertBoundedAsync(StoreHost host, CapturingLoggerProvider logs, string line, string kind)
    {
        Assert.Equal(LinesPerMinute, logs.Lines.Count(l => l.Contains(line, StringComparison.Ordinal)));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(kind + " in the minute", StringComparison.Ordinal));

        // The minute ends: one line sums up the rest, though nothing else arrived.
        host.Clock.Advance(RequestNoiseLog.Window);
        var summary = await WaitForAsync(logs, l => l.Contains(kind + " in the minute", StringComparison.Ordinal));
        Assert.Contains($"{Sent - LinesPerMinute} more {kind}", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", string.Join("\n", logs.Lines.Where(l => l.Contains(line, StringComparison.Ordinal))), StringComparison.Ordinal);

        // Of 1,000 refusals the log holds the first few and one summary, not 1,000 lines.
        Assert.Equal(LinesPerMinute + 1, logs.Lines.Count(l => l.Contains(line, StringComparison.Ordinal) || l.Contains(kind + " in the minute", StringComparison.Ordinal)));
    }

    private static async Task<string> WaitForAsync(CapturingLoggerProvider logs, Func<string, bool> match)
    {
        for (var i = 0; i < 200; i++)
        {
            if (logs.Lines.FirstOrDefault(match) is { } found) return found;
            await Task.Delay(25);
        }
        throw new Xunit.Sdk.XunitException("No summary line was logged.");
    }
}
