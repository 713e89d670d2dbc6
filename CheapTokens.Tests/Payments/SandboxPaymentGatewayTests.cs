using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Payments;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Tests.Payments;

public class SandboxPaymentGatewayTests : IAsyncLifetime
{
    private StoreHost _store = null!;

    private SandboxPaymentGateway Gateway => _store.Get<SandboxPaymentGateway>();

    public async Task InitializeAsync() => _store = await StoreScenarios.StartCheckoutAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task OkMethodChargesAndRecordsTheCharge()
    {
        var orderId = Guid.NewGuid();
        var result = await Gateway.ChargeAsync(orderId, 12.50m, SandboxPaymentGateway.Ok, "key-ok-1", default);

        Assert.True(result.Succeeded);
        Assert.StartsWith("ch_sandbox_", result.ChargeId);
        var record = Assert.Single(await PaymentsAsync());
        Assert.Equal((PaymentKind.Charge, orderId, 12.50m, true, result.ChargeId), (record.Kind, record.OrderId, record.Amount, record.Succeeded, record.ChargeId));
    }

    [Theory]
    [InlineData(SandboxPaymentGateway.Declined, PaymentFailureCode.Declined, false)]
    [InlineData(SandboxPaymentGateway.InsufficientFunds, PaymentFailureCode.InsufficientFunds, false)]
    [InlineData(SandboxPaymentGateway.ProcessorError, PaymentFailureCode.ProcessorError, true)]
    public async Task FailingMethodsFailWithTheirCodeAndAreRecorded(string method, PaymentFailureCode code, bool retryable)
    {
        var result = await Gateway.ChargeAsync(Guid.NewGuid(), 1m, method, "key-fail-1", default);

        Assert.False(result.Succeeded);
        Assert.Null(result.ChargeId);
        Assert.Equal(code, result.FailureCode);
        Assert.Equal(retryable, result.Retryable);
        var record = Assert.Single(await PaymentsAsync());
        Assert.False(record.Succeeded);
        Assert.Equal(code.ToCode(), record.FailureCode);
    }

    [Fact]
    public async Task SameIdempotencyKeyReturnsTheSameChargeWithoutChargingAgain()
    {
        var first = await Gateway.ChargeAsync(Guid.NewGuid(), 5m, SandboxPaymentGateway.Ok, "key-same", default);
        var second = await Gateway.ChargeAsync(Guid.NewGuid(), 5m, SandboxPaymentGateway.Ok, "key-same", default);

        Assert.Equal(first, second);
        Assert.Single(await PaymentsAsync());
    }

    [Fact]
    public async Task ConcurrentChargesWithOneKeyChargeOnce()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => Gateway.ChargeAsync(Guid.NewGuid(), 5m, SandboxPaymentGateway.Ok, "key-race", default))));

        Assert.Single(results.Select(r => r.ChargeId).Distinct());
        Assert.Single(await PaymentsAsync(), p => p.Succeeded);
    }

    [Fact]
    public async Task DeclineIsFinalForItsKey()
    {
        await Gateway.ChargeAsync(Guid.NewGuid(), 5m, SandboxPaymentGateway.Declined, "key-declined", default);
        var again = await Gateway.ChargeAsync(Guid.NewGuid(), 5m, SandboxPaymentGateway.Ok, "key-declined", default);

        Assert.False(again.Succeeded);
        Assert.Equal(PaymentFailureCode.Declined, again.FailureCode);
        Assert.Single(await PaymentsAsync());
    }

    [Fact]
    public async Task ProcessorErrorMayBeRetriedWithTheSameKeyAndEveryAttemptIsRecorded()
    {
        await Gateway.ChargeAsync(Guid.NewGuid(), 5m, SandboxPaymentGateway.ProcessorError, "key-retry", default);
        var retry = await Gateway.ChargeAsync(Guid.NewGuid(), 5m, SandboxPaymentGateway.Ok, "key-retry", default);

        Assert.True(retry.Succeeded);
        Assert.Equal(2, (await PaymentsAsync()).Count);
    }

    [Fact]
    public async Task RefundOfAChargeSucceedsOnceAndIsRecorded()
    {
        var charge = await Gateway.ChargeAsync(Guid.NewGuid(), 5m, SandboxPaymentGateway.Ok, "key-refund", default);

        var refund = await Gateway.RefundAsync(charge.ChargeId!, 5m, "provisioning failed", default);
        var again = await Gateway.RefundAsync(charge.ChargeId!, 5m, "provisioning failed", default);

        Assert.True(refund.Succeeded);
        Assert.StartsWith("re_sandbox_", refund.RefundId);
        Assert.Equal(refund, again);
        Assert.Single(await PaymentsAsync(), p => p.Kind == PaymentKind.Refund);
    }

    [Fact]
    public async Task RefundOfAnUnknownChargeFails()
    {
        var refund = await Gateway.RefundAsync("ch_unknown", 5m, "why not", default);
        Assert.False(refund.Succeeded);
    }

    [Fact]
    public async Task RefundOfMoreThanWasChargedFails()
    {
        var charge = await Gateway.ChargeAsync(Guid.NewGuid(), 5m, SandboxPaymentGateway.Ok, "key-over", default);
        var refund = await Gateway.RefundAsync(charge.ChargeId!, 6m, "too much", default);
        Assert.False(refund.Succeeded);
    }

    private async Task<List<PaymentRecord>> PaymentsAsync()
    {
        await using var db = await _store.OpenDbAsync();
        return await db.Payments.AsNoTracking().ToListAsync();
    }
}
