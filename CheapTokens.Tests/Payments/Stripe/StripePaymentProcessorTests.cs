using CheapTokens.StandIns.Stripe;
using CheapTokens.Core.Payments;
using CheapTokens.Tests.Support;
using static CheapTokens.Tests.Support.StripeSimulation;

namespace CheapTokens.Tests.Payments.Stripe;

/// <summary>The Stripe.net adapter against the app's own Stripe stand-in, over real HTTP.</summary>
public class StripePaymentProcessorTests
{
    [Fact]
    public async Task ServerSidePaymentWithTheVisaTestMethodSucceeds()
    {
        await using var host = await StripeSimulation.StartAsync();
        var orderId = Guid.NewGuid();

        var charge = await host.Processor().CreateChargeAsync(Charge(orderId, StandInTestMethods.Visa), default);

        Assert.Equal(ChargeState.Succeeded, charge.State);
        Assert.StartsWith("pi_", charge.ChargeId);
        Assert.Null(charge.FailureCode);
        var create = Assert.Single(host.StripeRequests());
        Assert.Equal(ChargeState.Succeeded, (await host.Processor().GetChargeAsync(charge.ChargeId!, default)).State);
        Assert.Equal(("POST", "/stripe-sim/v1/payment_intents", 200), (create.Method, create.Path, create.StatusCode));
        Assert.NotNull(create.IdempotencyKey);
    }

    [Theory]
    [InlineData(StandInTestMethods.ChargeDeclined, PaymentFailureCode.Declined)]
    [InlineData(StandInTestMethods.ChargeDeclinedInsufficientFunds, PaymentFailureCode.InsufficientFunds)]
    public async Task ADeclinedTestMethodFailsWithItsReasonAndIsNotRetried(string method, PaymentFailureCode expected)
    {
        await using var host = await StripeSimulation.StartAsync();

        var charge = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), method), default);

        Assert.Equal(ChargeState.Failed, charge.State);
        Assert.Equal(expected, charge.FailureCode);
        Assert.False(string.IsNullOrWhiteSpace(charge.Message));
        Assert.Equal(402, Assert.Single(host.StripeRequests()).StatusCode);
        // The declined intent exists at the processor and says the same when asked again.
        Assert.StartsWith("pi_", charge.ChargeId);
        var again = await host.Processor().GetChargeAsync(charge.ChargeId!, default);
        Assert.Equal((ChargeState.Failed, expected), (again.State, again.FailureCode));
    }

    [Fact]
    public async Task WithoutAPaymentMethodTheChargeWaitsForTheBuyersBrowser()
    {
        await using var host = await StripeSimulation.StartAsync();

        var charge = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), method: null), default);

        Assert.Equal(ChargeState.AwaitingBuyer, charge.State);
        Assert.StartsWith(charge.ChargeId + "_secret_", charge.ClientSecret);
    }

    [Fact]
    public async Task TheSameIdempotencyKeyChargesOnce()
    {
        await using var host = await StripeSimulation.StartAsync();
        var request = Charge(Guid.NewGuid(), StandInTestMethods.Visa);

        var first = await host.Processor().CreateChargeAsync(request, default);
        var second = await host.Processor().CreateChargeAsync(request, default);

        Assert.Equal(first.ChargeId, second.ChargeId);
        Assert.Equal(first.ChargeId, (await host.Processor().FindChargeForOrderAsync(request.OrderId, default))!.ChargeId);
    }

    [Fact]
    public async Task A429AndA500AreRetriedWithTheSameKeyAndChargeOnce()
    {
        await using var host = await StripeSimulation.StartAsync();
        host.StandInFaults().Inject(fail429: 1, fail500: 1);
        var request = Charge(Guid.NewGuid(), StandInTestMethods.Visa);

        var charge = await host.Processor().CreateChargeAsync(request, default);

        Assert.Equal(ChargeState.Succeeded, charge.State);
        var attempts = host.StripeRequests();
        Assert.Equal([429, 500, 200], attempts.Select(a => a.StatusCode));
        Assert.All(attempts, a => Assert.Equal(request.IdempotencyKey, a.IdempotencyKey));
        Assert.Equal(charge.ChargeId, (await host.Processor().FindChargeForOrderAsync(request.OrderId, default))!.ChargeId);
    }

    [Fact]
    public async Task ServerErrorsOutlastingTheRetriesLeaveTheChargeUnreachable()
    {
        await using var host = await StripeSimulation.StartAsync(o => o.MaxNetworkRetries = 1);
        host.StandInFaults().Inject(fail500: 5);
        var request = Charge(Guid.NewGuid(), StandInTestMethods.Visa);

        var charge = await host.Processor().CreateChargeAsync(request, default);

        Assert.Equal(ChargeState.Unreachable, charge.State);
        Assert.Equal([500, 500], host.StripeRequests().Select(a => a.StatusCode));
    }

    [Fact]
    public async Task ATimedOutCreateIsRetriedWithTheSameKeyAndChargesOnce()
    {
        await using var host = await StripeSimulation.StartAsync();
        host.StandInFaults().Inject(timeOut: 1);
        var request = Charge(Guid.NewGuid(), StandInTestMethods.Visa);

        var charge = await host.Processor().CreateChargeAsync(request, default);

        // The first attempt was carried out but never answered; the retry gets the saved answer.
        Assert.Equal(ChargeState.Succeeded, charge.State);
        Assert.Equal([null, 200], host.StripeRequests().Select(a => a.StatusCode));
        var search = await host.StandInClient(host.StripeOptions().SecretKey)
            .GetJsonAsync($"payment_intents/search?query=metadata['order_id']:'{request.OrderId}'");
        Assert.Equal(1, search.Body.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task TimeoutsOutlastingTheRetriesAreUnreachableAndTheChargeIsFoundByItsOrderLater()
    {
        await using var host = await StripeSimulation.StartAsync(o => o.MaxNetworkRetries = 1);
        host.StandInFaults().Inject(timeOut: 2);
        var request = Charge(Guid.NewGuid(), StandInTestMethods.Visa);

        var charge = await host.Processor().CreateChargeAsync(request, default);

        Assert.Equal(ChargeState.Unreachable, charge.State);
        Assert.Null(charge.ChargeId);
        var found = await host.Processor().FindChargeForOrderAsync(request.OrderId, default);
        Assert.Equal(ChargeState.Succeeded, found!.State);
    }

    [Fact]
    public async Task AChargeIsFoundByItsOrderAndAnOrderWithNoChargeIsNot()
    {
        await using var host = await StripeSimulation.StartAsync();
        var charged = Charge(Guid.NewGuid(), StandInTestMethods.Visa);
        var charge = await host.Processor().CreateChargeAsync(charged, default);

        Assert.Equal(charge.ChargeId, (await host.Processor().FindChargeForOrderAsync(charged.OrderId, default))!.ChargeId);
        Assert.Null(await host.Processor().FindChargeForOrderAsync(Guid.NewGuid(), default));
    }

    [Fact]
    public async Task ARefusedRequestIsNotRetried()
    {
        await using var host = await StripeSimulation.StartAsync();

        // Stripe's smallest charge is $0.50.
        var charge = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.Visa, amount: 0.49m), default);

        Assert.Equal((ChargeState.Failed, PaymentFailureCode.ProcessorError), (charge.State, charge.FailureCode));
        Assert.Equal(400, Assert.Single(host.StripeRequests()).StatusCode);
        Assert.Contains(host.StripeLogs().Lines, line => line.Contains("Stripe refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheStandInsSecretKeyNeverReachesTheLogs()
    {
        await using var host = await StripeSimulation.StartAsync();
        host.StandInFaults().Inject(fail500: 3);

        await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.Visa), default);
        await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.ChargeDeclined), default);

        var secret = host.StripeOptions().SecretKey;
        Assert.StartsWith("sk_test_", secret);
        Assert.NotEmpty(host.StripeLogs().Lines);
        Assert.DoesNotContain(host.StripeLogs().Lines, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARefundSucceedsOnceUnderItsKey()
    {
        await using var host = await StripeSimulation.StartAsync();
        var charge = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.Visa, amount: 5.00m), default);
        var refund = new RefundRequest(charge.ChargeId!, 5.00m, "refund:" + charge.ChargeId, "Venice could not mint the key");

        var first = await host.Processor().RefundAsync(refund, default);
        var again = await host.Processor().RefundAsync(refund, default);

        Assert.Equal(RefundState.Succeeded, first.State);
        Assert.StartsWith("re_", first.RefundId);
        Assert.Equal(first, again);
        Assert.Equal([200, 200, 200], host.StripeRequests().Select(r => r.StatusCode));
    }

    [Fact]
    public async Task ARefundUnderAnotherKeyOfAFullyRefundedChargeTakesNothingMore()
    {
        await using var host = await StripeSimulation.StartAsync();
        var charge = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.Visa, amount: 5.00m), default);
        await host.Processor().RefundAsync(new RefundRequest(charge.ChargeId!, 5.00m, "first", "why"), default);

        var second = await host.Processor().RefundAsync(new RefundRequest(charge.ChargeId!, 5.00m, "second", "why"), default);

        Assert.Equal(RefundState.Succeeded, second.State);
        Assert.Null(second.RefundId);
        Assert.Equal(400, host.StripeRequests().Last().StatusCode);
    }

    [Fact]
    public async Task ADeclinedChargeCannotBeRefunded()
    {
        await using var host = await StripeSimulation.StartAsync();
        var charge = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.ChargeDeclined), default);

        var refund = await host.Processor().RefundAsync(new RefundRequest(charge.ChargeId!, 12.34m, "k", "why"), default);

        Assert.Equal(RefundState.Failed, refund.State);
    }

    [Theory]
    [InlineData("pm_card_visa", true)]
    [InlineData("pm_1PxYz2AbCdEf", true)]
    [InlineData("sandbox_ok", false)]
    [InlineData("pm_", false)]
    [InlineData("pm_card visa", false)]
    public void AcceptsStripePaymentMethodIdsOnly(string method, bool accepted)
    {
        var processor = new Blazor.Payments.Stripe.StripePaymentProcessor(null!, null!);

        Assert.Equal(accepted, processor.AcceptsMethod(method));
    }
}
