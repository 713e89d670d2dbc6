using CheapTokens.Core.Orders;

namespace CheapTokens.Tests.Orders;

public class OrderTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static Order NewOrder(DateTimeOffset? at = null)
    {
        var now = at ?? Noon;
        var quote = Quote.Create(credits: 5, unitPrice: 0.7m, now);
        return Order.Create(quote, "buyer@example.com", "sandbox_ok", "key-0000001", now);
    }

    private static Order PaidOrder() => Paid(NewOrder());

    private static Order Paid(Order order)
    {
        order.MarkPaid("ch_1", Noon.AddSeconds(1));
        return order;
    }

    private static Order ProvisioningOrder()
    {
        var order = PaidOrder();
        order.StartProvisioning(Noon.AddSeconds(2));
        return order;
    }

    private static Order FailedOrder()
    {
        var order = ProvisioningOrder();
        order.Fail("venice down", Noon.AddSeconds(3));
        return order;
    }

    [Fact]
    public void NewOrderIsCreatedWithTheQuotedPriceAndNoKey()
    {
        var order = NewOrder();
        Assert.Equal(OrderStatus.Created, order.Status);
        Assert.Equal(5, order.Credits);
        Assert.Equal(0.7m, order.UnitPrice);
        Assert.Equal(3.50m, order.Total);
        Assert.Empty(order.Keys);
        Assert.Null(order.KeyExpiresAt);
        Assert.True(OrderToken.IsWellFormed(order.Token));
    }

    [Fact]
    public void HappyPathGoesCreatedPaidProvisioningFulfilled()
    {
        var order = NewOrder();
        order.MarkPaid("ch_1", Noon.AddSeconds(1));
        Assert.Equal(OrderStatus.Paid, order.Status);
        order.StartProvisioning(Noon.AddSeconds(2));
        Assert.Equal(OrderStatus.Provisioning, order.Status);
        var key = order.RecordKey(order.Keys.Single().Id, "vk_1", "sealed", "abcdef", Noon.AddHours(12), Noon.AddSeconds(3));

        Assert.Equal(OrderStatus.Fulfilled, order.Status);
        Assert.Equal(Noon.AddSeconds(3), order.FulfilledAt);
        Assert.Equal(OrderKeyStatus.Minted, key.Status);
        Assert.Equal("vk_1", key.VeniceKeyId);
        Assert.Equal("abcdef", key.ApiKeyHint);
    }

    [Fact]
    public void ARevokedKeyIsNoLongerLiveAndIsRevokedOnlyOnce()
    {
        var order = ProvisioningOrder();
        var key = order.RecordKey(order.Keys.Single().Id, "vk_1", "sealed", "abcdef", Noon.AddHours(12), Noon.AddSeconds(3));
        Assert.True(key.IsLiveAt(Noon.AddHours(1)));

        var first = order.MarkKeysRevoked([key.Id], Noon.AddHours(1));
        var again = order.MarkKeysRevoked([key.Id], Noon.AddHours(2));

        Assert.Equal([key.Id], first.Select(k => k.Id));
        Assert.Empty(again);
        Assert.Equal(Noon.AddHours(1), key.RevokedAt);
        Assert.False(key.IsLiveAt(Noon.AddHours(1)));
        Assert.Equal(OrderStatus.Fulfilled, order.Status);
    }

    [Fact]
    public void AKeyNotYetMintedCannotBeMarkedRevoked()
    {
        var order = PaidOrder();
        Assert.Empty(order.MarkKeysRevoked([order.Keys.Single().Id], Noon.AddHours(1)));
        Assert.Null(order.Keys.Single().RevokedAt);
    }

    [Fact]
    public void ClearingAttentionUnflagsTheOrder()
    {
        var order = FailedOrder();
        order.FlagForAttention("The refund was refused: no.", Noon.AddHours(1));
        order.ClearAttention(Noon.AddHours(2));
        Assert.Equal((false, Noon.AddHours(2)), (order.NeedsAttention, order.UpdatedAt));
    }

    [Fact]
    public void RefusedChargeDeclinesTheOrder()
    {
        var order = NewOrder();
        order.Decline("declined", "The card was declined.", Noon.AddSeconds(1));
        Assert.Equal(OrderStatus.Declined, order.Status);
        Assert.Equal("declined", order.FailureCode);
        Assert.Empty(order.Keys);
    }

    [Fact]
    public void PaidOrderThatFailsIsRefunded()
    {
        var order = PaidOrder();
        order.Fail("venice refused", Noon.AddSeconds(2));
        Assert.Equal(OrderStatus.Failed, order.Status);
        order.MarkRefunded("re_1", Noon.AddSeconds(3));
        Assert.Equal(OrderStatus.Refunded, order.Status);
        Assert.Equal("re_1", order.RefundId);
    }

    [Fact]
    public void ProvisioningOrderThatFailsCancelsItsKeyAndIsRefunded()
    {
        var order = FailedOrder();
        Assert.Equal(OrderKeyStatus.Cancelled, Assert.Single(order.Keys).Status);
        order.MarkRefunded("re_1", Noon.AddSeconds(4));
        Assert.Equal(OrderStatus.Refunded, order.Status);
    }

    [Fact]
    public void AFulfilledOrderIsRefundedOnlyOnceItsKeyIsRevoked()
    {
        var order = ProvisioningOrder();
        var key = order.RecordKey(order.Keys.Single().Id, "vk_1", "sealed", "abcdef", Noon.AddHours(12), Noon.AddSeconds(3));

        var refused = Assert.Throws<InvalidOperationException>(() => order.MarkRefunded("re_1", Noon.AddHours(1)));
        Assert.Equal($"Order {order.Id} still has a live key; revoke it before refunding.", refused.Message);
        Assert.Equal(OrderStatus.Fulfilled, order.Status);

        order.MarkKeysRevoked([key.Id], Noon.AddHours(1));
        order.MarkRefunded("re_1", Noon.AddHours(1));

        Assert.Equal((OrderStatus.Refunded, "re_1", Noon.AddHours(1)), (order.Status, order.RefundId, order.RefundedAt));
        Assert.Equal(Noon.AddSeconds(3), order.FulfilledAt);
    }

    public static TheoryData<string, string> IllegalMoves => new()
    {
        { "created", "provision" }, { "created", "recordKey" }, { "created", "fail" }, { "created", "refund" },
        { "declined", "pay" }, { "declined", "decline" }, { "declined", "provision" }, { "declined", "fail" }, { "declined", "refund" },
        { "paid", "pay" }, { "paid", "decline" }, { "paid", "recordKey" }, { "paid", "refund" },
        { "provisioning", "pay" }, { "provisioning", "provision" }, { "provisioning", "decline" }, { "provisioning", "refund" },
        { "fulfilled", "pay" }, { "fulfilled", "provision" }, { "fulfilled", "recordKey" }, { "fulfilled", "fail" }, { "fulfilled", "refund" },
        { "failed", "pay" }, { "failed", "provision" }, { "failed", "recordKey" }, { "failed", "fail" },
        { "refunded", "pay" }, { "refunded", "provision" }, { "refunded", "fail" }, { "refunded", "refund" },
    };

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public void IllegalTransitionThrowsAndLeavesTheOrderAsItWas(string state, string move)
    {
        var order = InState(state);
        var before = order.Status;
        Assert.Throws<InvalidOperationException>(() => Apply(order, move));
        Assert.Equal(before, order.Status);
    }

    [Fact]
    public void TransitionTableMatchesTheDocumentedMachine()
    {
        var documented = new Dictionary<OrderStatus, OrderStatus[]>
        {
            [OrderStatus.Created] = [OrderStatus.Paid, OrderStatus.Declined],
            [OrderStatus.Paid] = [OrderStatus.Provisioning, OrderStatus.Failed],
            [OrderStatus.Provisioning] = [OrderStatus.Fulfilled, OrderStatus.Failed],
            [OrderStatus.Failed] = [OrderStatus.Refunded],
            [OrderStatus.Declined] = [],
            [OrderStatus.Fulfilled] = [OrderStatus.Refunded],
            [OrderStatus.Refunded] = [],
        };
        foreach (var from in Enum.GetValues<OrderStatus>())
        foreach (var to in Enum.GetValues<OrderStatus>())
            Assert.True(documented[from].Contains(to) == OrderTransitions.IsAllowed(from, to), $"{from} -> {to}");
    }

    [Fact]
    public void KeyPaidOneHundredMillisecondsBeforeMidnightExpiresAtMidnight()
    {
        var paidAt = new DateTimeOffset(2026, 11, 21, 23, 59, 59, 900, TimeSpan.Zero);
        var order = NewOrder(paidAt.AddSeconds(-5));
        order.MarkPaid("ch_1", paidAt);

        var midnight = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(midnight, order.KeyExpiresAt);
        Assert.Equal(TimeSpan.FromMilliseconds(100), order.KeyExpiresAt - paidAt);
        var key = Assert.Single(order.Keys);
        Assert.Equal(midnight, key.ExpiresAt);
        Assert.Equal(new DateOnly(2026, 11, 21), key.DateFrom);
    }

    [Fact]
    public void KeyPaidExactlyAtMidnightLastsAFullDay()
    {
        var paidAt = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        var order = NewOrder(paidAt);
        order.MarkPaid("ch_1", paidAt);

        Assert.Equal(TimeSpan.FromHours(24), order.KeyExpiresAt - paidAt);
        Assert.Equal(paidAt.AddDays(1), Assert.Single(order.Keys).ExpiresAt);
    }

    [Fact]
    public void ChargeCompletingAfterMidnightKeepsTheQuotedDaysExpiry()
    {
        // Quoted (and supply reserved) on the 21st; the charge only completes just after midnight.
        var order = NewOrder(new DateTimeOffset(2026, 11, 21, 23, 59, 50, TimeSpan.Zero));
        order.MarkPaid("ch_1", new DateTimeOffset(2026, 11, 22, 0, 0, 0, 500, TimeSpan.Zero));

        var midnight = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(midnight, order.KeyExpiresAt);
        Assert.Equal((new DateOnly(2026, 11, 21), midnight), (Assert.Single(order.Keys).DateFrom, order.Keys[0].ExpiresAt));
    }

    [Fact]
    public void RecordedKeyKeepsTheExpiryVeniceConfirmed()
    {
        var order = ProvisioningOrder();
        var confirmed = Noon.AddHours(11).AddMinutes(59);
        order.RecordKey(order.Keys.Single().Id, "vk_1", "sealed", "abcdef", confirmed, Noon.AddSeconds(3));
        Assert.Equal(confirmed, Assert.Single(order.Keys).ExpiresAt);
    }

    [Fact]
    public void OrderReservesSupplyOnTheQuotesDay()
    {
        var order = NewOrder(new DateTimeOffset(2026, 11, 21, 23, 59, 30, TimeSpan.Zero));
        Assert.Equal([new DateOnly(2026, 11, 21)], order.ReservedDates);
    }

    private static Order InState(string state) => state switch
    {
        "created" => NewOrder(),
        "declined" => Declined(),
        "paid" => PaidOrder(),
        "provisioning" => ProvisioningOrder(),
        "fulfilled" => Fulfilled(),
        "failed" => FailedOrder(),
        "refunded" => Refunded(),
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    private static void Apply(Order order, string move)
    {
        var at = Noon.AddMinutes(1);
        switch (move)
        {
            case "pay": order.MarkPaid("ch_2", at); break;
            case "decline": order.Decline("declined", null, at); break;
            case "provision": order.StartProvisioning(at); break;
            case "recordKey": order.RecordKey(order.Keys.FirstOrDefault()?.Id ?? Guid.Empty, "vk_2", "sealed", "zzzzzz", at.AddHours(1), at); break;
            case "fail": order.Fail("boom", at); break;
            case "refund": order.MarkRefunded("re_2", at); break;
            default: throw new ArgumentOutOfRangeException(nameof(move));
        }
    }

    private static Order Declined()
    {
        var order = NewOrder();
        order.Decline("declined", null, Noon);
        return order;
    }

    private static Order Fulfilled()
    {
        var order = ProvisioningOrder();
        order.RecordKey(order.Keys.Single().Id, "vk_1", "sealed", "abcdef", Noon.AddHours(12), Noon.AddSeconds(3));
        return order;
    }

    private static Order Refunded()
    {
        var order = FailedOrder();
        order.MarkRefunded("re_1", Noon.AddSeconds(4));
        return order;
    }
}
