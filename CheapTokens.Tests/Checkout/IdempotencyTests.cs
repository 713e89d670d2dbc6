using System.Net;
using CheapTokens.Blazor.Api;
using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static CheapTokens.Tests.Support.HttpJson;

namespace CheapTokens.Tests.Checkout;

/// <summary>POST /api/orders under Idempotency-Keys, as Stripe treats them.</summary>
public class IdempotencyTests : CheckoutApiTest
{
    private static object Body(Guid quoteId, string method = SandboxPaymentProcessor.Ok, string email = StoreScenarios.Email) =>
        new { quoteId, email, paymentMethod = method };

    [Fact]
    public async Task SameKeyWithOtherParametersIs422AndChangesNothing()
    {
        var quoteId = await _host.QuoteOverHttpAsync(credits: 3);
        var first = await _host.PlaceOverHttpAsync(Body(quoteId), "key-params-01");
        var before = (await _host.CountRowsAsync(), await _host.SoldTodayAsync(), (await _host.SandboxChargesAsync()).Count);

        var otherEmail = await _host.PlaceOverHttpAsync(Body(quoteId, email: "someone.else@example.com"), "key-params-01");
        var otherMethod = await _host.PlaceOverHttpAsync(Body(quoteId, SandboxPaymentProcessor.Declined), "key-params-01");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        foreach (var response in new[] { otherEmail, otherMethod })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var problem = await ReadJsonAsync(response);
            Assert.Equal((422, ProblemCodes.IdempotencyKeyReused), (problem.GetProperty("status").GetInt32(), problem.GetProperty("code").GetString()));
            Assert.False(problem.TryGetProperty("token", out _));
        }
        Assert.Equal(before, (await _host.CountRowsAsync(), await _host.SoldTodayAsync(), (await _host.SandboxChargesAsync()).Count));
        Assert.Equal(OrderStatus.Paid, Assert.Single(await _host.OrdersAsync()).Status);
    }

    [Fact]
    public async Task AQuoteAlreadyOrderedUnderAnotherKeyIs409QuoteUsed()
    {
        var quoteId = await _host.QuoteOverHttpAsync(credits: 3);
        await _host.PlaceOverHttpAsync(Body(quoteId), "key-quote-used-1");

        var second = await _host.PlaceOverHttpAsync(Body(quoteId), "key-quote-used-2");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await ReadJsonAsync(second);
        Assert.Equal((409, ProblemCodes.QuoteUsed), (problem.GetProperty("status").GetInt32(), problem.GetProperty("code").GetString()));
        Assert.Single(await _host.OrdersAsync());
        Assert.Single(await _host.SandboxChargesAsync());
        Assert.Equal(3, await _host.SoldTodayAsync());
    }

    [Fact]
    public async Task ADeclinedOrderGivesItsQuoteBackSoTheBuyerCanPayAgain()
    {
        var quoteId = await _host.QuoteOverHttpAsync(credits: 3);

        var declined = await _host.PlaceOverHttpAsync(Body(quoteId, SandboxPaymentProcessor.Declined), "key-pay-again-1");
        var paid = await _host.PlaceOverHttpAsync(Body(quoteId), "key-pay-again-2");

        Assert.Equal((HttpStatusCode.PaymentRequired, HttpStatusCode.Created), (declined.StatusCode, paid.StatusCode));
        Assert.Equal(3, await _host.SoldTodayAsync());
        Assert.Equal(1, (await _host.SandboxChargesAsync()).Count(c => c.Succeeded));
    }

    [Fact]
    public async Task RetryAfterTheQuoteHoldRanOutGetsTheOrderNot410()
    {
        var quoteId = await _host.QuoteOverHttpAsync();
        var first = await _host.PlaceOverHttpAsync(Body(quoteId), "key-late-retry-1");
        _host.Clock.Advance(TimeSpan.FromMinutes(10));

        var retry = await _host.PlaceOverHttpAsync(Body(quoteId), "key-late-retry-1");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Single(await _host.SandboxChargesAsync());
    }

    [Fact]
    public async Task ADeclineIsReplayedAsTheSame402()
    {
        var quoteId = await _host.QuoteOverHttpAsync();

        var first = await _host.PlaceOverHttpAsync(Body(quoteId, SandboxPaymentProcessor.InsufficientFunds), "key-declined-again");
        var second = await _host.PlaceOverHttpAsync(Body(quoteId, SandboxPaymentProcessor.InsufficientFunds), "key-declined-again");

        Assert.Equal((HttpStatusCode.PaymentRequired, HttpStatusCode.PaymentRequired), (first.StatusCode, second.StatusCode));
        var (a, b) = (await ReadJsonAsync(first), await ReadJsonAsync(second));
        Assert.Equal(a.GetProperty("token").GetString(), b.GetProperty("token").GetString());
        Assert.Equal(ProblemCodes.InsufficientFunds, b.GetProperty("code").GetString());
        Assert.Single(await _host.SandboxChargesAsync());
    }

    [Fact]
    public async Task TheSavedAnswerIsSealedAndNoRecordHoldsTheTokenInTheClear()
    {
        var quoteId = await _host.QuoteOverHttpAsync();
        var token = (await ReadJsonAsync(await _host.PlaceOverHttpAsync(Body(quoteId), "key-sealed-0001"))).GetProperty("token").GetString()!;

        await using var db = await _host.OpenDbAsync();
        var record = await db.IdempotencyRecords.AsNoTracking().SingleAsync();
        Assert.Equal(201, record.ResponseStatus);
        Assert.DoesNotContain(token, record.ProtectedResponse!, StringComparison.Ordinal);
        Assert.DoesNotContain(token, record.ProtectedToken!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusalsWithoutAnOrderAreSavedToo()
    {
        var quoteId = await _host.QuoteOverHttpAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(2));

        var first = await _host.PlaceOverHttpAsync(Body(quoteId), "key-expired-saved");
        var second = await _host.PlaceOverHttpAsync(Body(quoteId), "key-expired-saved");

        Assert.Equal((HttpStatusCode.Gone, HttpStatusCode.Gone), (first.StatusCode, second.StatusCode));
        var (a, b) = (await ReadJsonAsync(first), await ReadJsonAsync(second));
        Assert.Equal(ProblemCodes.QuoteExpired, b.GetProperty("code").GetString());
        Assert.Equal(a.GetProperty("expiredAt").GetString(), b.GetProperty("expiredAt").GetString());
        Assert.Empty(await _host.OrdersAsync());
    }
}

/// <summary>Idempotency on hosts of their own: saved answers outlive the process, keys are forgotten after 24 h.</summary>
public class IdempotencyHostTests
{
    [Fact]
    public async Task TwentyConcurrentRequestsWithOneKeyMakeOneOrderAndOneCharge()
    {
        // Twenty at once from one address: the rate limit is not what is tested here.
        await using var host = await StoreHost.StartAsync(
            new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" }, new FakeTimeProvider(StoreHost.Afternoon), TestDoubles.RecordPaidOrders);
        var quoteId = await host.QuoteOverHttpAsync(credits: 2);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => host.PlaceOverHttpAsync(new { quoteId, email = StoreScenarios.Email, paymentMethod = SandboxPaymentProcessor.Ok }, "key-twenty-01"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Single(await host.OrdersAsync());
        Assert.Single(await host.SandboxChargesAsync());
        Assert.Single(await host.PaymentsAsync());
        Assert.Equal(2, await host.SoldTodayAsync());
    }

    [Fact]
    public async Task TheSavedAnswerIsReplayedAfterARestart()
    {
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        var dataDirectory = StoreHost.NewDataDirectory();
        try
        {
            string firstBody;
            Guid quoteId;
            await using (var first = await StoreHost.StartAsync(clock: clock, services: TestDoubles.RecordPaidOrders, dataDirectory: dataDirectory))
            {
                quoteId = await first.QuoteOverHttpAsync();
                var response = await first.PlaceOverHttpAsync(new { quoteId, email = StoreScenarios.Email, paymentMethod = SandboxPaymentProcessor.Ok }, "key-restart-001");
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                firstBody = await response.Content.ReadAsStringAsync();
            }

            await using var second = await StoreHost.StartAsync(clock: clock, services: TestDoubles.RecordPaidOrders, dataDirectory: dataDirectory);
            var replay = await second.PlaceOverHttpAsync(new { quoteId, email = StoreScenarios.Email, paymentMethod = SandboxPaymentProcessor.Ok }, "key-restart-001");

            Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
            Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync());
            Assert.Single(await second.SandboxChargesAsync());
        }
        finally
        {
            StoreHost.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task RecordsOlderThanADayArePrunedAndYoungerOnesKept()
    {
        await using var host = await StoreScenarios.StartCheckoutAsync();
        // Once the clock moves a day the hourly prune job is due too, and it raced the call under test for the old
        // record: hold the scheduler so only the call below prunes.
        await (await host.Get<Quartz.ISchedulerFactory>().GetScheduler()).Standby();
        var old = await host.QuoteAsync();
        await host.PlaceAsync(old.Id, "key-prune-old-01");
        host.Clock.Advance(TimeSpan.FromHours(23));
        var young = await host.QuoteAsync();
        await host.PlaceAsync(young.Id, "key-prune-new-01");
        host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var deleted = await host.Get<Blazor.Payments.IdempotencyRecords>().PruneAsync(default);

        Assert.Equal(1, deleted);
        await using var db = await host.OpenDbAsync();
        Assert.Equal(["key-prune-new-01"], await db.IdempotencyRecords.Select(r => r.Key).ToListAsync());
        Assert.Equal(2, await db.Orders.CountAsync());
    }
}
