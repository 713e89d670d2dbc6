using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Tests.Payments;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Admin;

public class ConsoleHealthTests
{
    [Fact]
    public async Task HealthCountsWaitingOrdersAndPendingPaymentsAndKeepsTheLastPaymentErrors()
    {
        await using var store = await StoreScenarios.StartWithScriptedPaymentsAsync();
        var health = store.Get<ConsoleHealth>();
        var before = await health.ComputeAsync(default);
        Assert.Equal((0, null, 0), (before.QueueDepth, before.OldestWait, before.PaymentsPending));
        var account = Assert.Single(before.Accounts);
        Assert.Equal((500, 20), (account.MaxLiveKeys, account.CreationsPerMinute));

        await store.PaidOrderAsync(credits: 2);
        store.Clock.Advance(TimeSpan.FromMinutes(2));
        await store.PaidOrderAsync(credits: 1);
        var processor = store.Get<ScriptedProcessor>();
        processor.LoseChargeAnswers = true;
        var quote = await store.QuoteAsync(credits: 1);
        Assert.IsType<PlaceOrderResult.PaymentUnavailable>(await store.PlaceAsync(quote.Id, StoreScenarios.NewKey()));

        var after = await health.ComputeAsync(default);

        Assert.Equal(2, after.QueueDepth);
        Assert.Equal(TimeSpan.FromMinutes(2), after.OldestWait);
        Assert.Equal(1, after.PaymentsPending);
        // Newest first: the charge left in doubt, after the exception that caused it (its type, not its text).
        Assert.Collection(after.PaymentProblems,
            p => Assert.Contains("is in doubt: the processor did not answer", p.Message),
            p => Assert.EndsWith("got no answer; it stays pending (HttpRequestException)", p.Message));
        Assert.All(after.PaymentProblems, p => Assert.Equal(("Warning", "OrderPayment"), (p.Level, p.Category)));
        Assert.Empty(after.VeniceProblems);
    }

    [Fact]
    public async Task VenicesThrottleWhileKeysAreMintedIsCountedNotListedAndA500StillIs()
    {
        await using var store = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Venice:RetryBaseDelayMs"] = "10" }, new FakeTimeProvider(StoreHost.Afternoon));
        // Two throttles with Retry-After, as Venice paces key creation while a pool fills, then a server error.
        store.Simulator().InjectFaults(fail429: 2, fail500: 1, retryAfterSeconds: 1);

        var token = await store.BuyCreditsAsync(5);
        await store.WaitForOrderStatusAsync(token, "fulfilled");
        var health = await store.Get<ConsoleHealth>().ComputeAsync(default);

        var problem = Assert.Single(health.VeniceProblems);
        Assert.Equal("Warning", problem.Level);
        Assert.Contains("HTTP 500", problem.Message);
        Assert.DoesNotContain(health.VeniceProblems, p => p.Message.Contains("429", StringComparison.Ordinal));
        Assert.Equal(2, health.VeniceThrottling!.Count);
        Assert.NotNull(health.VeniceThrottling.LastAt);
    }
}
