using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Orders;

public class OrderFulfillmentTests : IAsyncLifetime
{
    private const string ApiKey = "vapi_secret_0123456789_ABCDEF";
    private StoreHost _store = null!;

    private OrderFulfillment Fulfillment => _store.Get<OrderFulfillment>();

    private PaymentSettlement Settlement => _store.Get<PaymentSettlement>();

    public async ValueTask InitializeAsync() => _store = await StoreScenarios.StartCheckoutAsync(dailySupply: 100);

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    private async Task<ProvisioningJob> StartNextRunAsync(Guid orderId) =>
        Assert.IsType<NextRun.Due>(await Fulfillment.StartNextRunAsync(orderId, default)).Job;

    [Fact]
    public async Task StartNextRunHandsOutTheKeyToMint()
    {
        var order = await _store.PaidOrderAsync(credits: 3);

        var job = await StartNextRunAsync(order.Id);

        Assert.Equal((order.Id, 3, order.KeyExpiresAt!.Value, false), (job.OrderId, job.Credits, job.ExpiresAt, job.Resumed));
        Assert.True(job.KeyDescription.Length <= 64);
        Assert.Equal(OrderFulfillment.KeyDescriptionPrefix + order.Id.ToString("N"), job.KeyDescription);
        Assert.Equal(OrderStatus.Provisioning, (await _store.OrderByTokenAsync(order.Token)).Status);
    }

    [Fact]
    public async Task StartNextRunAgainResumesInsteadOfFailing()
    {
        var order = await _store.PaidOrderAsync();
        var first = await StartNextRunAsync(order.Id);

        var again = await StartNextRunAsync(order.Id);

        Assert.False(first.Resumed);
        Assert.True(again.Resumed);
        Assert.Equal(first.OrderKeyId, again.OrderKeyId);
    }

    [Fact]
    public async Task RecordedKeyFulfilsTheOrderAndIsShownToTheTokenHolder()
    {
        var order = await _store.PaidOrderAsync();
        var job = await StartNextRunAsync(order.Id);

        await Fulfillment.RecordKeyAsync(order.Id, job.OrderKeyId, "vk_123", ApiKey, order.KeyExpiresAt!.Value, default);

        var details = await _store.Get<OrderQueries>().GetByTokenAsync(order.Token, default);
        Assert.Equal(OrderStatus.Fulfilled, details!.Summary.Status);
        Assert.Equal(ApiKey, details.ApiKey);
        Assert.Equal("vk_123", details.VeniceKeyId);
    }

    [Fact]
    public async Task StoredKeyIsEncryptedAndListsShowOnlyItsLastSixCharacters()
    {
        var order = await _store.PaidOrderAsync();
        var job = await StartNextRunAsync(order.Id);
        await Fulfillment.RecordKeyAsync(order.Id, job.OrderKeyId, "vk_123", ApiKey, order.KeyExpiresAt!.Value, default);

        var stored = Assert.Single((await _store.OrderByTokenAsync(order.Token)).Keys);
        Assert.DoesNotContain(ApiKey, stored.ProtectedApiKey);
        var listed = Assert.Single(await _store.Get<OrderQueries>().ListAsync([order.Token!], default));
        Assert.Equal("ABCDEF", listed.ApiKeyHint);
    }

    [Fact]
    public async Task RecordingAKeyBeforeProvisioningIsIllegal()
    {
        var order = await _store.PaidOrderAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Fulfillment.RecordKeyAsync(order.Id, order.Keys.Single().Id, "vk_1", ApiKey, order.KeyExpiresAt!.Value, default));
        Assert.Equal(OrderStatus.Paid, (await _store.OrderByTokenAsync(order.Token)).Status);
    }

    [Fact]
    public async Task FailedProvisioningRefundsTheChargeAndReleasesTheSupply()
    {
        var order = await _store.PaidOrderAsync(credits: 5);
        await StartNextRunAsync(order.Id);

        var outcome = await Settlement.FailAndRefundAsync(order.Id, "Venice refused the key", default);

        Assert.True(outcome.Refunded);
        var refunded = await _store.OrderByTokenAsync(order.Token);
        Assert.Equal(OrderStatus.Refunded, refunded.Status);
        Assert.Equal(outcome.RefundId, refunded.RefundId);
        Assert.Null((await _store.Get<OrderQueries>().GetByTokenAsync(order.Token, default))!.Summary.ExpiresAt);
        Assert.Equal(0, await _store.SoldTodayAsync());
        var payment = Assert.Single(await _store.PaymentsAsync());
        Assert.Equal((PaymentState.Refunded, order.ChargeId, outcome.RefundId), (payment.State, payment.ChargeId, payment.RefundId));
        var refund = Assert.Single(await _store.SandboxRefundsAsync());
        Assert.Equal((order.ChargeId, order.Total, payment.RefundIdempotencyKey), (refund.ChargeId, refund.Amount, refund.IdempotencyKey));
    }

    [Fact]
    public async Task RepeatedFailAndRefundRefundsOnce()
    {
        var order = await _store.PaidOrderAsync(credits: 5);

        await Settlement.FailAndRefundAsync(order.Id, "gave up", default);
        var again = await Settlement.FailAndRefundAsync(order.Id, "gave up", default);

        Assert.True(again.Refunded);
        Assert.Single(await _store.SandboxRefundsAsync());
        Assert.Equal(0, await _store.SoldTodayAsync());
    }

    [Fact]
    public async Task FulfilledOrderCannotBeFailed()
    {
        var order = await _store.PaidOrderAsync();
        var job = await StartNextRunAsync(order.Id);
        await Fulfillment.RecordKeyAsync(order.Id, job.OrderKeyId, "vk_1", ApiKey, order.KeyExpiresAt!.Value, default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Settlement.FailAndRefundAsync(order.Id, "oops", default));
    }

    [Fact]
    public async Task UnfinishedOrdersAreListedForTheWorkerAfterARestart()
    {
        var paid = await _store.PaidOrderAsync();
        var provisioning = await _store.PaidOrderAsync();
        await StartNextRunAsync(provisioning.Id);
        var fulfilled = await _store.PaidOrderAsync();
        var job = await StartNextRunAsync(fulfilled.Id);
        await Fulfillment.RecordKeyAsync(fulfilled.Id, job.OrderKeyId, "vk_1", ApiKey, fulfilled.KeyExpiresAt!.Value, default);

        var unfinished = await _store.Get<OrderStore>().ListUnfinishedIdsAsync(default);

        Assert.Equal(new[] { paid.Id, provisioning.Id }.Order(), unfinished.Order());
    }

    [Fact]
    public async Task FailingAnOrderNeverPaidIsIllegal()
    {
        var quote = await _store.QuoteAsync();
        var declined = Assert.IsType<Blazor.Checkout.PlaceOrderResult.PaymentDeclined>(
            await _store.PlaceAsync(quote.Id, "key-never-paid", Blazor.Payments.SandboxPaymentProcessor.Declined));
        var order = await _store.OrderByTokenAsync(declined.Order.Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Settlement.FailAndRefundAsync(order.Id, "no", default));
        Assert.Empty(await _store.SandboxRefundsAsync());
        Assert.Equal(PaymentFailureCode.Declined.ToCode(), order.FailureCode);
    }
}
