using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Payments;

public class PaymentReconciliationTests : IAsyncLifetime
{
    private static readonly TimeSpan PastGrace = TimeSpan.FromSeconds(31);

    private StoreHost _store = null!;

    private ScriptedProcessor Processor => _store.Get<ScriptedProcessor>();

    private PaymentReconciliation Reconciliation => _store.Get<PaymentReconciliation>();

    public async ValueTask InitializeAsync() =>
        _store = await StoreScenarios.StartWithScriptedPaymentsAsync(("Payments:ReconcileGraceSeconds", "30"));

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task AChargeWhoseAnswerWasLostIsFoundByOrderAndTheOrderIsPaid()
    {
        var quote = await _store.QuoteAsync(credits: 3);
        Processor.LoseChargeAnswers = true;
        Assert.IsType<PlaceOrderResult.PaymentUnavailable>(await _store.PlaceAsync(quote.Id, "key-lost-answer"));
        Processor.LoseChargeAnswers = false;
        _store.Clock.Advance(PastGrace);

        await Reconciliation.ReconcileAsync(default);

        var order = Assert.Single(await _store.OrdersAsync());
        var charge = Assert.Single(await _store.SandboxChargesAsync());
        Assert.Equal((OrderStatus.Paid, charge.Id), (order.Status, order.ChargeId));
        Assert.Equal(PaymentState.Succeeded, Assert.Single(await _store.PaymentsAsync()).State);
        Assert.Equal([order.Id], _store.Provisioning().Orders);
        Assert.Equal(3, await _store.SoldTodayAsync());
        // The buyer's retry gets the order, not a second charge.
        var retry = Assert.IsType<PlaceOrderResult.Placed>(await _store.PlaceAsync(quote.Id, "key-lost-answer"));
        Assert.Equal(order.Id, retry.Order.OrderId);
        Assert.Single(await _store.SandboxChargesAsync());
    }

    [Fact]
    public async Task AChargeThatNeverReachedTheProcessorDeclinesTheOrderAndReleasesItsSupplyOnce()
    {
        var quote = await _store.QuoteAsync(credits: 4);
        var first = await _store.PlaceAsync(quote.Id, "key-never-arrived", SandboxPaymentProcessor.ProcessorError);
        Assert.IsType<PlaceOrderResult.PaymentUnavailable>(first);
        Assert.Equal(4, await _store.SoldTodayAsync());
        _store.Clock.Advance(PastGrace);

        await Reconciliation.ReconcileAsync(default);
        await Reconciliation.ReconcileAsync(default);

        var order = Assert.Single(await _store.OrdersAsync());
        Assert.Equal((OrderStatus.Declined, PaymentFailureCode.ProcessorError.ToCode(), false), (order.Status, order.FailureCode, order.HoldsSupply));
        Assert.Equal(PaymentState.Failed, Assert.Single(await _store.PaymentsAsync()).State);
        Assert.Equal(0, await _store.SoldTodayAsync());
        Assert.Empty(_store.Provisioning().Orders);
        var retry = Assert.IsType<PlaceOrderResult.PaymentDeclined>(await _store.PlaceAsync(quote.Id, "key-never-arrived", SandboxPaymentProcessor.ProcessorError));
        Assert.Equal(PaymentFailureCode.ProcessorError.ToCode(), retry.FailureCode);
        // The quote came back with the order: it can be paid under a new key.
        Assert.IsType<PlaceOrderResult.Placed>(await _store.PlaceAsync(quote.Id, "key-second-try-1"));
    }

    [Fact]
    public async Task PaymentsYoungerThanTheGraceAreLeftToTheirRequest()
    {
        var quote = await _store.QuoteAsync();
        await _store.PlaceAsync(quote.Id, "key-young-payment", SandboxPaymentProcessor.ProcessorError);
        _store.Clock.Advance(TimeSpan.FromSeconds(29));

        var report = await Reconciliation.ReconcileAsync(default);

        Assert.Equal(0, report.Examined);
        Assert.Equal(PaymentState.Pending, Assert.Single(await _store.PaymentsAsync()).State);
        Assert.Equal(OrderStatus.Created, Assert.Single(await _store.OrdersAsync()).Status);
    }

    [Fact]
    public async Task ARefundWithoutAnswerIsAskedAgainWithTheSameKeyAndReleasesTheSupplyOnce()
    {
        var order = await _store.PaidOrderAsync(credits: 5);
        Processor.RefundAnswer = RefundState.Unreachable;
        var outcome = await _store.Get<PaymentSettlement>().FailAndRefundAsync(order.Id, "Venice refused the key", default);
        Assert.False(outcome.Refunded);
        var pending = Assert.Single(await _store.PaymentsAsync());
        Assert.Equal(PaymentState.RefundPending, pending.State);
        Assert.Equal(5, await _store.SoldTodayAsync());

        Processor.RefundAnswer = null;
        _store.Clock.Advance(PastGrace);
        await Reconciliation.ReconcileAsync(default);
        await Reconciliation.ReconcileAsync(default);

        var payment = Assert.Single(await _store.PaymentsAsync());
        Assert.Equal(PaymentState.Refunded, payment.State);
        var refund = Assert.Single(await _store.SandboxRefundsAsync());
        Assert.Equal((pending.RefundIdempotencyKey, refund.Id), (refund.IdempotencyKey, payment.RefundId));
        Assert.Equal(OrderStatus.Refunded, (await _store.OrderByTokenAsync(order.Token)).Status);
        Assert.Equal(0, await _store.SoldTodayAsync());
    }

    [Fact]
    public async Task ARefusedRefundStopsRetryingAndFlagsTheOrderForAPerson()
    {
        var order = await _store.PaidOrderAsync(credits: 2);
        Processor.RefundAnswer = RefundState.Failed;

        var outcome = await _store.Get<PaymentSettlement>().FailAndRefundAsync(order.Id, "Venice refused the key", default);
        _store.Clock.Advance(PastGrace);
        await Reconciliation.ReconcileAsync(default);

        Assert.True(outcome.NeedsAttention);
        Assert.Equal(1, Processor.RefundCalls);
        Assert.Equal(PaymentState.RefundRefused, Assert.Single(await _store.PaymentsAsync()).State);
        var flagged = await _store.OrderByTokenAsync(order.Token);
        Assert.Equal((OrderStatus.Failed, true), (flagged.Status, flagged.NeedsAttention));
        Assert.DoesNotContain(order.Id, await _store.Get<OrderStore>().ListUnfinishedIdsAsync(default));
    }

    [Fact]
    public async Task AChargeMadeAfterReconciliationGaveUpOnItIsRefundedNotKept()
    {
        var quote = await _store.QuoteAsync(credits: 2);
        Processor.HoldCharges = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var placing = Task.Run(() => _store.PlaceAsync(quote.Id, "key-late-success"));
        await Processor.ChargeArrived.Task;
        _store.Clock.Advance(PastGrace);

        await Reconciliation.ReconcileAsync(default);
        Assert.Equal(OrderStatus.Declined, Assert.Single(await _store.OrdersAsync()).Status);
        Processor.HoldCharges.SetResult();
        await placing;

        var charge = Assert.Single(await _store.SandboxChargesAsync());
        Assert.True(charge.Succeeded);
        Assert.Equal(charge.Id, Assert.Single(await _store.SandboxRefundsAsync()).ChargeId);
        Assert.Equal(PaymentState.Refunded, Assert.Single(await _store.PaymentsAsync()).State);
        Assert.Equal(OrderStatus.Declined, Assert.Single(await _store.OrdersAsync()).Status);
        Assert.Empty(_store.Provisioning().Orders);
        Assert.Equal(0, await _store.SoldTodayAsync());
    }

    [Fact]
    public async Task SettlingAChargeTwiceByItsIdChangesNothingMore()
    {
        var order = await _store.PaidOrderAsync(credits: 1);
        var settlement = _store.Get<IPaymentSettlement>();

        await settlement.SettleChargeAsync(order.ChargeId!, default);
        await settlement.SettleChargeAsync("ch_not_ours", default);

        Assert.Equal(OrderStatus.Paid, (await _store.OrderByTokenAsync(order.Token)).Status);
        Assert.Single(_store.Provisioning().Orders);
        Assert.Equal(1, await _store.SoldTodayAsync());
    }
}
