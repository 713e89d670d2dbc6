using System.Net;
using System.Text.Json;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Blazor.Payments;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Security;

/// <summary>Card testing: declined payments are limited per quote and per client IP; paying honestly is not.</summary>
public class FailedPaymentLimitTests
{
    [Fact]
    public async Task DeclinesPastTheLimitOnOneQuoteAreRefusedWith429AndRetryAfterUntilTheHourEnds()
    {
        await using var host = await StartAsync(perQuote: 3, perHour: 100);
        var quoteId = await host.QuoteOverHttpAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await Pay(host, quoteId, SandboxPaymentProcessor.Declined)).StatusCode);
        using var refused = await Pay(host, quoteId, SandboxPaymentProcessor.Ok);

        Assert.Equal([HttpStatusCode.PaymentRequired, HttpStatusCode.PaymentRequired, HttpStatusCode.PaymentRequired], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 3000, 3600);
        var problem = await HttpJson.ReadJsonAsync(refused);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("rate_limited", problem.GetProperty("code").GetString());
        Assert.DoesNotContain(await host.OrdersAsync(), o => o.Status == Core.Orders.OrderStatus.Paid);

        // Another quote from the same address is a fresh start for the per-quote count.
        using var other = await Pay(host, await host.QuoteOverHttpAsync(), SandboxPaymentProcessor.Ok);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task DeclinesFromOneAddressAcrossQuotesAreLimitedPerHour()
    {
        await using var host = await StartAsync(perQuote: 100, perHour: 2);
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.PaymentRequired, (await Pay(host, await host.QuoteOverHttpAsync(), SandboxPaymentProcessor.InsufficientFunds)).StatusCode);

        using var refused = await Pay(host, await host.QuoteOverHttpAsync(), SandboxPaymentProcessor.Ok);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);

        host.Clock.Advance(TimeSpan.FromHours(1));
        using var later = await Pay(host, await host.QuoteOverHttpAsync(), SandboxPaymentProcessor.Ok);
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
    }

    [Fact]
    public async Task SuccessfulPaymentsAreNeverCounted()
    {
        await using var host = await StartAsync(perQuote: 1, perHour: 1);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await Pay(host, await host.QuoteOverHttpAsync(), SandboxPaymentProcessor.Ok)).StatusCode);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
    }

    [Fact]
    public async Task ThePagesCheckoutIsHeldToTheSameLimit()
    {
        await using var host = await StartAsync(perQuote: 2, perHour: 100);
        using var scope = host.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IStorefront>();
        var quote = await host.QuoteAsync();

        for (var i = 0; i < 2; i++)
            Assert.IsType<PlaceOrderResult.PaymentDeclined>(await store.PlaceOrderAsync(quote.Id, "page@example.com", SandboxPaymentProcessor.Declined, Guid.NewGuid().ToString("N"), default));
        var refused = await store.PlaceOrderAsync(quote.Id, "page@example.com", SandboxPaymentProcessor.Ok, Guid.NewGuid().ToString("N"), default);

        Assert.InRange(Assert.IsType<PlaceOrderResult.TooManyFailedPayments>(refused).RetryAfter, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.DoesNotContain(await host.OrdersAsync(), o => o.Status == Core.Orders.OrderStatus.Paid);
    }

    private static Task<StoreHost> StartAsync(int perQuote, int perHour) =>
        StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimits:FailedPaymentsPerQuote"] = perQuote.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:FailedPaymentsPerHour"] = perHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:OrdersPerMinute"] = "1000",
            ["RateLimits:QuotesPerMinute"] = "1000",
        }, new FakeTimeProvider(StoreHost.Afternoon), TestDoubles.RecordPaidOrders);

    private static Task<HttpResponseMessage> Pay(StoreHost host, Guid quoteId, string method) =>
        host.PlaceOverHttpAsync(new { quoteId, email = "cards@example.com", paymentMethod = method }, Guid.NewGuid().ToString("N"));
}
