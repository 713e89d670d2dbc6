using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Payments.Stripe;
using CheapTokens.StandIns.Stripe;
using CheapTokens.Blazor.Payments.Webhooks;
using CheapTokens.Core.Payments;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Payments.Stripe;

/// <summary>
/// An order paid in the buyer's page, end to end on the default rail: the store places it without a method and answers
/// the intent's client secret; the card is confirmed from the "browser" (publishable key) at the Stripe stand-in; the
/// signed webhook settles the order. A declined card leaves the order payable; one left unpaid is cancelled.
/// </summary>
public class InPagePaymentTests
{
    private static Task<StoreHost> StartAsync(DateTimeOffset? now = null, int dropFirstWebhooks = 0) =>
        StoreHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Payments:Processor"] = PaymentsOptions.StripeProcessor,
                ["Payments:Stripe:StandIn:DropFirstWebhooks"] = dropFirstWebhooks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            new FakeTimeProvider(now ?? StoreHost.Afternoon),
            TestDoubles.RecordPaidOrders);

    private static async Task<(string Token, string ClientSecret)> PlaceWithoutMethodAsync(StoreHost host, int credits = 3, string? key = null)
    {
        var quoteId = await host.QuoteOverHttpAsync(credits);
        using var response = await host.PlaceOverHttpAsync(new { quoteId, email = StoreScenarios.Email }, key ?? StoreScenarios.NewKey());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("created", body.GetProperty("status").GetString());
        return (body.GetProperty("token").GetString()!, body.GetProperty("clientSecret").GetString()!);
    }

    private static async Task<(int Status, JsonElement Body)> ConfirmInBrowserAsync(StoreHost host, string clientSecret, string card)
    {
        using var http = host.StandInClient(host.Get<IOptions<StripeOptions>>().Value.PublishableKey);
        var intentId = clientSecret[..clientSecret.IndexOf("_secret_", StringComparison.Ordinal)];
        return await http.PostFormAsync($"payment_intents/{intentId}/confirm",
        [
            new("client_secret", clientSecret), new("payment_method_data[type]", "card"),
            new("payment_method_data[card][number]", card), new("payment_method_data[card][exp_month]", "12"),
            new("payment_method_data[card][exp_year]", "34"), new("payment_method_data[card][cvc]", "123"),
        ]);
    }

    /// <summary>Waits, bounded, until the webhook inbox has applied <paramref name="count"/> events.</summary>
    private static async Task WaitForAppliedEventsAsync(StoreHost host, int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            await using (var db = await host.OpenDbAsync())
            {
                if (await db.ReceivedStripeEvents.CountAsync(e => e.ProcessedAt != null) >= count) return;
            }
            await Task.Delay(20, deadline.Token);
        }
    }

    [Fact]
    public async Task AnOrderWithoutAMethodWaitsForTheCardAndTheWebhookMarksItPaid()
    {
        await using var host = await StartAsync();
        var remainingBefore = await host.RemainingTodayAsync();
        var (token, secret) = await PlaceWithoutMethodAsync(host, credits: 3);

        // Its credits are held while the buyer types the card.
        Assert.Equal(remainingBefore - 3, await host.RemainingTodayAsync());
        Assert.Equal(PaymentState.AwaitingBuyer, Assert.Single(await host.PaymentsAsync()).State);

        var (status, intent) = await ConfirmInBrowserAsync(host, secret, StandInTestMethods.SucceedingCard);

        Assert.Equal(200, status);
        Assert.Equal("succeeded", intent.GetProperty("status").GetString());
        await host.WaitForOrderStatusAsync(token, "paid");
        Assert.Equal(PaymentState.Succeeded, Assert.Single(await host.PaymentsAsync()).State);
        Assert.Equal(remainingBefore - 3, await host.RemainingTodayAsync());
    }

    [Fact]
    public async Task AReplayWhileTheCardIsAwaitedGivesTheSameClientSecret()
    {
        await using var host = await StartAsync();
        var quoteId = await host.QuoteOverHttpAsync(2);
        var key = StoreScenarios.NewKey();

        using var first = await host.PlaceOverHttpAsync(new { quoteId, email = StoreScenarios.Email }, key);
        using var again = await host.PlaceOverHttpAsync(new { quoteId, email = StoreScenarios.Email }, key);

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Single(await host.PaymentsAsync());
    }

    [Fact]
    public async Task ACardDeclinedInThePageLeavesTheOrderPayableAndAnotherCardPaysIt()
    {
        await using var host = await StartAsync();
        var remainingBefore = await host.RemainingTodayAsync();
        var (token, secret) = await PlaceWithoutMethodAsync(host, credits: 2);

        var (declinedStatus, declined) = await ConfirmInBrowserAsync(host, secret, StandInTestMethods.DeclinedCard);
        Assert.Equal(402, declinedStatus);
        Assert.Equal("card_declined", declined.GetProperty("error").GetProperty("code").GetString());
        // The payment_failed webhook has been applied: the order is still open, its credits still held.
        await WaitForAppliedEventsAsync(host, 1);
        Assert.Equal("created", (await host.GetOrderAsync(token)).GetProperty("status").GetString());
        Assert.Equal(PaymentState.AwaitingBuyer, Assert.Single(await host.PaymentsAsync()).State);
        Assert.Equal(remainingBefore - 2, await host.RemainingTodayAsync());

        var (paidStatus, _) = await ConfirmInBrowserAsync(host, secret, StandInTestMethods.SucceedingCard);

        Assert.Equal(200, paidStatus);
        await host.WaitForOrderStatusAsync(token, "paid");
        var payment = Assert.Single(await host.PaymentsAsync());
        Assert.Equal(PaymentState.Succeeded, payment.State);
        Assert.Null(payment.RefundId);
    }

    [Fact]
    public async Task AnOrderLeftUnpaidPastTheWindowIsCancelledAtTheProcessorAndItsCreditsGoBack()
    {
        await using var host = await StartAsync();
        var remainingBefore = await host.RemainingTodayAsync();
        var (token, secret) = await PlaceWithoutMethodAsync(host, credits: 4);
        await ConfirmInBrowserAsync(host, secret, StandInTestMethods.DeclinedCard);
        await WaitForAppliedEventsAsync(host, 1);

        // Within the window reconciliation leaves it to the buyer.
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.Get<PaymentReconciliation>().ReconcileAsync(default);
        Assert.Equal("created", (await host.GetOrderAsync(token)).GetProperty("status").GetString());

        host.Clock.Advance(TimeSpan.FromMinutes(6));
        await host.Get<PaymentReconciliation>().ReconcileAsync(default);

        Assert.Equal("declined", (await host.GetOrderAsync(token)).GetProperty("status").GetString());
        Assert.Equal(PaymentState.Failed, Assert.Single(await host.PaymentsAsync()).State);
        Assert.Equal(remainingBefore, await host.RemainingTodayAsync());
        // A card typed after that takes nothing.
        var (lateStatus, late) = await ConfirmInBrowserAsync(host, secret, StandInTestMethods.SucceedingCard);
        Assert.Equal(400, lateStatus);
        Assert.Equal("payment_intent_unexpected_state", late.GetProperty("error").GetProperty("code").GetString());
        await using var db = await host.OpenStandInsDbAsync();
        Assert.Equal("canceled", (await db.StandInPaymentIntents.SingleAsync()).Status);
    }

    [Fact]
    public async Task AnOrderHeldForItsCardCanBeFinishedFromItsPageUntilPaid()
    {
        await using var host = await StartAsync();
        var (token, secret) = await PlaceWithoutMethodAsync(host, credits: 2);
        await using var scope = host.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IStorefront>();

        var unfinished = await store.FindUnfinishedPaymentAsync(token, default);
        Assert.Equal(secret, unfinished?.ClientSecret);
        Assert.Equal(host.Clock.GetUtcNow() + TimeSpan.FromMinutes(10), unfinished!.PayBy);

        await ConfirmInBrowserAsync(host, secret, StandInTestMethods.DeclinedCard);
        await WaitForAppliedEventsAsync(host, 1);
        Assert.Equal(secret, (await store.FindUnfinishedPaymentAsync(token, default))?.ClientSecret);

        await ConfirmInBrowserAsync(host, secret, StandInTestMethods.SucceedingCard);
        await host.WaitForOrderStatusAsync(token, "paid");
        Assert.Null(await store.FindUnfinishedPaymentAsync(token, default));
        Assert.Null(await store.FindUnfinishedPaymentAsync("not-a-token", default));
    }

    [Fact]
    public async Task APaymentWhoseWebhookNeverCameIsSettledByReconciliation()
    {
        await using var host = await StartAsync(dropFirstWebhooks: 1);
        var (token, secret) = await PlaceWithoutMethodAsync(host, credits: 2);

        var (status, _) = await ConfirmInBrowserAsync(host, secret, StandInTestMethods.SucceedingCard);
        Assert.Equal(200, status);
        // Charged at Stripe, but the store never heard: the order still waits.
        await using (var db = await host.OpenStandInsDbAsync())
            Assert.True(await db.StandInEvents.AnyAsync(e => e.Abandoned));
        Assert.Equal("created", (await host.GetOrderAsync(token)).GetProperty("status").GetString());

        host.Clock.Advance(host.Get<IOptions<PaymentsOptions>>().Value.ReconcileGrace + TimeSpan.FromSeconds(1));
        var report = await host.Get<PaymentReconciliation>().ReconcileAsync(default);

        Assert.Equal(1, report.Settled);
        Assert.Equal("paid", (await host.GetOrderAsync(token)).GetProperty("status").GetString());
        Assert.Equal(PaymentState.Succeeded, Assert.Single(await host.PaymentsAsync()).State);
    }

    [Fact]
    public async Task AServerSidePaymentMethodIsStillChargedAtOnce()
    {
        await using var host = await StartAsync();
        var quoteId = await host.QuoteOverHttpAsync(2);

        using var response = await host.PlaceOverHttpAsync(new { quoteId, email = StoreScenarios.Email, paymentMethod = StandInTestMethods.Visa }, StoreScenarios.NewKey());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("paid", body.GetProperty("status").GetString());
        Assert.False(body.TryGetProperty("clientSecret", out _));
    }

    [Fact]
    public async Task AServerSideDeclineIsFinalWithItsCode()
    {
        await using var host = await StartAsync();
        var remainingBefore = await host.RemainingTodayAsync();
        var quoteId = await host.QuoteOverHttpAsync(2);

        using var response = await host.PlaceOverHttpAsync(
            new { quoteId, email = StoreScenarios.Email, paymentMethod = StandInTestMethods.ChargeDeclinedInsufficientFunds }, StoreScenarios.NewKey());

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("insufficient_funds", problem.GetProperty("code").GetString());
        Assert.Equal(PaymentState.Failed, Assert.Single(await host.PaymentsAsync()).State);
        Assert.Equal(remainingBefore, await host.RemainingTodayAsync());
    }

    [Fact]
    public async Task AQuoteBelowStripesMinimumChargeIsRefusedNamingTheFewestCredits()
    {
        // 22:00 UTC: a credit costs less than $0.50.
        await using var host = await StartAsync(new DateTimeOffset(2026, 11, 21, 22, 0, 0, TimeSpan.Zero));
        using var http = host.CreateClient();

        using var response = await http.PostAsJsonAsync("/api/quotes", new { credits = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty("credits")[0].GetString();
        Assert.StartsWith("The smallest order is $0.50", message);
        Assert.Contains("at least 2 credits", message);
        using var two = await http.PostAsJsonAsync("/api/quotes", new { credits = 2 });
        Assert.Equal(HttpStatusCode.Created, two.StatusCode);
    }
}
