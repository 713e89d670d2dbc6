using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;

namespace CheapTokens.Tests.Payments;

/// <summary>The ledger's payment as a state machine, and the order's supply hold.</summary>
public class PaymentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void APaymentStartsPendingWithAKeyOfItsOrder()
    {
        var orderId = Guid.NewGuid();
        var payment = Payment.Start(orderId, 2.50m, "sandbox_ok", Now);

        Assert.Equal((PaymentState.Pending, $"charge:{orderId:N}", false), (payment.State, payment.IdempotencyKey, payment.IsFinal));
    }

    [Fact]
    public void ASucceededPaymentIsRefundedThroughAPendingRefundWithAFixedKey()
    {
        var payment = Payment.Start(Guid.NewGuid(), 1m, "sandbox_ok", Now);
        payment.Succeed("ch_1", Now);

        payment.RequestRefund("ch_1", "no key", Now);
        var key = payment.RefundIdempotencyKey;
        payment.RequestRefund("ch_1", "asked again", Now);
        payment.MarkRefunded("re_1", Now);

        Assert.Equal((PaymentState.Refunded, "re_1", true), (payment.State, payment.RefundId, payment.IsFinal));
        Assert.Equal(key, payment.RefundIdempotencyKey);
    }

    [Fact]
    public void ARefusedRefundAskedAgainGoesBackToPendingWithTheSameKey()
    {
        var payment = Payment.Start(Guid.NewGuid(), 1m, "sandbox_ok", Now);
        payment.Succeed("ch_1", Now);
        payment.RequestRefund("ch_1", "no key", Now);
        var key = payment.RefundIdempotencyKey;
        payment.RefuseRefund("cannot refund", Now);

        payment.RetryRefusedRefund(Now.AddHours(1));

        Assert.Equal((PaymentState.RefundPending, key, Now.AddHours(1)), (payment.State, payment.RefundIdempotencyKey, payment.UpdatedAt));
        Assert.Throws<InvalidOperationException>(() => payment.RetryRefusedRefund(Now));
        payment.MarkRefunded("re_1", Now);
        Assert.Throws<InvalidOperationException>(() => payment.RetryRefusedRefund(Now));
    }

    [Fact]
    public void IllegalMovesAreRefused()
    {
        var pending = Payment.Start(Guid.NewGuid(), 1m, "sandbox_ok", Now);
        Assert.Throws<InvalidOperationException>(() => pending.MarkRefunded("re_1", Now));
        Assert.Throws<InvalidOperationException>(() => pending.RequestRefund("ch_1", "why", Now));

        var failed = Payment.Start(Guid.NewGuid(), 1m, "sandbox_declined", Now);
        failed.Fail("declined", "no", Now);
        Assert.Throws<InvalidOperationException>(() => failed.Succeed("ch_1", Now));

        var refused = Payment.Start(Guid.NewGuid(), 1m, "sandbox_ok", Now);
        refused.Succeed("ch_2", Now);
        refused.RequestRefund("ch_2", "no key", Now);
        refused.RefuseRefund("not refundable", Now);
        Assert.True(refused.IsFinal);
        Assert.Throws<InvalidOperationException>(() => refused.MarkRefunded("re_2", Now));
    }

    [Fact]
    public void AnOrderHoldsItsSupplyOnceAndGivesItBackOnce()
    {
        var order = Order.Create(Quote.Create(3, 0.5m, Now), "buyer@example.com", "sandbox_ok", "key-hold-0001", Now);

        order.MarkSupplyHeld();

        Assert.Throws<InvalidOperationException>(order.MarkSupplyHeld);
        Assert.True(order.TakeSupplyRelease());
        Assert.False(order.TakeSupplyRelease());
        Assert.False(order.HoldsSupply);
    }
}
