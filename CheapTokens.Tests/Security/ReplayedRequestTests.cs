using System.Net;
using CheapTokens.Blazor.Api;
using CheapTokens.Blazor.Payments;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Security;

/// <summary>
/// A client that retries a request as the API invites (same Idempotency-Key, same body) gets the answer again, marked
/// Idempotent-Replayed whatever its status, and is never counted again toward a request or declined-payment limit.
/// </summary>
public class ReplayedRequestTests
{
    private static Task<StoreHost> StartAsync(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["RateLimits:QuotesPerMinute"] = "1000" };
        foreach (var (key, value) in settings) all[key] = value;
        return StoreHost.StartAsync(all, new FakeTimeProvider(StoreHost.Afternoon), TestDoubles.RecordPaidOrders);
    }

    private static Task<HttpResponseMessage> Pay(StoreHost host, Guid quoteId, string method, string key) =>
        host.PlaceOverHttpAsync(new { quoteId, email = "retry@example.com", paymentMethod = method }, key);

    [Fact]
    public async Task ADeclinedOrderReplayedGetsItsSaved402MarkedReplayedAndCountsOnce()
    {
        await using var host = await StartAsync(("RateLimits:FailedPaymentsPerQuote", "3"), ("RateLimits:OrdersPerMinute", "1000"));
        var quoteId = await host.QuoteOverHttpAsync();
        var key = StoreScenarios.NewKey();

        var answers = new List<(HttpStatusCode Status, bool Replayed)>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await Pay(host, quoteId, SandboxPaymentProcessor.Declined, key);
            answers.Add((response.StatusCode, response.Headers.TryGetValues(StoreApi.ReplayedHeader, out var values) && values.Single() == "true"));
        }
        using var anotherCard = await Pay(host, quoteId, SandboxPaymentProcessor.Ok, StoreScenarios.NewKey());

        // Before: 402, 402, 402, 429, 429, the replays without the header, and the quote locked for an hour.
        Assert.Equal([(HttpStatusCode.PaymentRequired, false), .. Enumerable.Repeat((HttpStatusCode.PaymentRequired, true), 4)], answers);
        // One charge attempt for the five requests.
        Assert.Single(await host.SandboxChargesAsync(), c => !c.Succeeded);
        Assert.Equal(HttpStatusCode.Created, anotherCard.StatusCode);
    }

    [Fact]
    public async Task ReplaysDoNotCountTowardTheOrdersPerMinute()
    {
        await using var host = await StartAsync(("RateLimits:OrdersPerMinute", "2"));
        var key = StoreScenarios.NewKey();
        var quoteId = await host.QuoteOverHttpAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await Pay(host, quoteId, SandboxPaymentProcessor.Ok, key);
            statuses.Add(response.StatusCode);
        }
        using var second = await Pay(host, await host.QuoteOverHttpAsync(), SandboxPaymentProcessor.Ok, StoreScenarios.NewKey());
        using var third = await Pay(host, await host.QuoteOverHttpAsync(), SandboxPaymentProcessor.Ok, StoreScenarios.NewKey());

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task ARefusalReplayedCarriesTheHeaderToo()
    {
        await using var host = await StartAsync();
        var quoteId = await host.QuoteOverHttpAsync();
        var key = StoreScenarios.NewKey();
        host.Clock.Advance(TimeSpan.FromMinutes(2));

        using var first = await Pay(host, quoteId, SandboxPaymentProcessor.Ok, key);
        using var again = await Pay(host, quoteId, SandboxPaymentProcessor.Ok, key);

        Assert.Equal(HttpStatusCode.Gone, first.StatusCode);
        Assert.False(first.Headers.Contains(StoreApi.ReplayedHeader));
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal(["true"], again.Headers.GetValues(StoreApi.ReplayedHeader));
    }
}
