using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Blazor.Payments;
using CheapTokens.StandIns.Stripe;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Security;

/// <summary>
/// Card testing: declined payments (on the server, and cards declined in the page) are limited per quote and per client
/// address, counted in the store's database for every node; paying honestly is not limited.
/// </summary>
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

    [Fact]
    public async Task CardsDeclinedInThePageCountAndTheIntentIsCancelledAtTheQuotesLimit()
    {
        await using var host = await UnpaidOrders.StartAsync(Limits(perQuote: 3, perHour: 100));
        using var placed = await host.OrderUnpaidFromAsync("127.0.9.1", "cards@example.com", new { credits = 50 });
        var body = await placed.Content.ReadFromJsonAsync<JsonElement>();
        var (token, secret) = (body.GetProperty("token").GetString()!, body.GetProperty("clientSecret").GetString()!);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(402, (await host.ConfirmInBrowserAsync(secret, StandInTestMethods.DeclinedCard)).Status);
            await host.WaitForAppliedEventsAsync(i + 1);
        }

        // Before: the intent stayed payable, every card typed in it uncounted.
        await host.WaitForOrderStatusAsync(token, "declined");
        Assert.Equal([StandInStatus.Canceled], await host.StandInIntentStatusesAsync());
        Assert.NotEqual(200, (await host.ConfirmInBrowserAsync(secret, StandInTestMethods.SucceedingCard)).Status);
        Assert.Equal(10_000, await host.RemainingTodayAsync());
        Assert.Equal(0, await host.HeldTodayAsync());
    }

    [Fact]
    public async Task CardsDeclinedInThePageCountTowardTheAddressForItsNextOrders()
    {
        await using var host = await UnpaidOrders.StartAsync(Limits(perQuote: 100, perHour: 2));
        const string from = "127.0.9.2";
        using var placed = await host.OrderUnpaidFromAsync(from, "cards@example.com", new { credits = 50 });
        var secret = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").GetString()!;

        await host.ConfirmInBrowserAsync(secret, StandInTestMethods.DeclinedCard);
        await host.WaitForAppliedEventsAsync(1);
        await host.ConfirmInBrowserAsync(secret, StandInTestMethods.InsufficientFundsCard);
        await host.WaitForAppliedEventsAsync(2);
        using var refused = await host.OrderUnpaidFromAsync(from, "cards@example.com", new { credits = 50 });
        using var elsewhere = await host.OrderUnpaidFromAsync("127.0.9.3", "other@example.com", new { credits = 50 });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("rate_limited", (await HttpJson.ReadJsonAsync(refused)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        await UnpaidOrders.WaitUntilAsync(async () => (await host.StandInIntentStatusesAsync()).Contains(StandInStatus.Canceled), "the intent to be cancelled");
    }

    [Fact]
    public async Task DeclinesOnOneNodeStopPaymentsOnAnotherOnTheSameDatabase() => await TwoNodesCountTheSameDeclinesAsync();

    [PostgresFact]
    public async Task DeclinesOnOneNodeStopPaymentsOnAnotherOnTheSamePostgresDatabase()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        await TwoNodesCountTheSameDeclinesAsync();
    }

    private static async Task TwoNodesCountTheSameDeclinesAsync()
    {
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        await using var nodeA = await StoreHost.StartAsync(Limits(perQuote: 3, perHour: 100), clock, TestDoubles.RecordPaidOrders);
        await using var nodeB = await StoreHost.StartAsync(Limits(perQuote: 3, perHour: 100), clock, TestDoubles.RecordPaidOrders, nodeA.DataDirectory);
        var quoteId = await nodeA.QuoteOverHttpAsync();

        using var first = await Pay(nodeA, quoteId, SandboxPaymentProcessor.Declined);
        using var second = await Pay(nodeA, quoteId, SandboxPaymentProcessor.Declined);
        using var third = await Pay(nodeA, quoteId, SandboxPaymentProcessor.Declined);
        using var refusedOnB = await Pay(nodeB, quoteId, SandboxPaymentProcessor.Ok);

        Assert.Equal([HttpStatusCode.PaymentRequired, HttpStatusCode.PaymentRequired, HttpStatusCode.PaymentRequired], [first.StatusCode, second.StatusCode, third.StatusCode]);
        // Before: each node counted its own, in memory, and node B took this payment.
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedOnB.StatusCode);
    }

    private static Dictionary<string, string?> Limits(int perQuote, int perHour) => new()
    {
        ["RateLimits:FailedPaymentsPerQuote"] = perQuote.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:FailedPaymentsPerHour"] = perHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:OrdersPerMinute"] = "1000",
        ["RateLimits:QuotesPerMinute"] = "1000",
    };

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
