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

    /// <summary>What the checkout, the provisioning worker and the operator console do to an order.</summary>
    public enum Move { Pay, Decline, Provision, RecordKey, Fail, RevokeKeys, Refund }

    /// <summary>
    /// The ways an order goes through the store, each with the status its buyer sees after every step. The moves
    /// these paths make are the only legal ones: every other move, from every status they reach, must be refused.
    /// </summary>
    public static TheoryData<Move[], OrderStatus[]> StorePaths => new()
    {
        // Charged, key minted.
        { [Move.Pay, Move.Provision, Move.RecordKey], [OrderStatus.Paid, OrderStatus.Provisioning, OrderStatus.Fulfilled] },
        // Sold, then refunded by an operator once the key was revoked.
        {
            [Move.Pay, Move.Provision, Move.RecordKey, Move.RevokeKeys, Move.Refund],
            [OrderStatus.Paid, OrderStatus.Provisioning, OrderStatus.Fulfilled, OrderStatus.Fulfilled, OrderStatus.Refunded]
        },
        // The card was declined, or an unpaid hold was cancelled or ran out.
        { [Move.Decline], [OrderStatus.Declined] },
        // Paid too late for its day (or given up before minting began): refunded.
        { [Move.Pay, Move.Fail, Move.Refund], [OrderStatus.Paid, OrderStatus.Failed, OrderStatus.Refunded] },
        // Venice never gave the key: refunded.
        {
            [Move.Pay, Move.Provision, Move.Fail, Move.Refund],
            [OrderStatus.Paid, OrderStatus.Provisioning, OrderStatus.Failed, OrderStatus.Refunded]
        },
    };

    [Theory]
    [MemberData(nameof(StorePaths))]
    public void EachPathThroughTheStoreShowsItsStatusAfterEveryStep(Move[] moves, OrderStatus[] statuses)
    {
        var order = NewOrder();
        var seen = moves.Select(move =>
        {
            Apply(order, move);
            return order.Status;
        }).ToArray();
        Assert.Equal(statuses, seen);
    }

    [Fact]
    public void EveryStatusIsReachedByAPathThroughTheStore() =>
        Assert.Equal(Enum.GetValues<OrderStatus>().Order(), Walk().Reached.Keys.Order());

    /// <summary>Every move from every status the store's paths reach, except the moves the paths make there.</summary>
    public static TheoryData<OrderStatus, Move> MovesNoPathMakes
    {
        get
        {
            var (reached, made) = Walk();
            var moves = new TheoryData<OrderStatus, Move>();
            foreach (var status in reached.Keys)
            foreach (var move in Enum.GetValues<Move>())
                // Revoking a key changes no status and is never refused (see ARevokedKeyIsNoLongerLiveAndIsRevokedOnlyOnce).
                if (move != Move.RevokeKeys && !made.Contains((status, move))) moves.Add(status, move);
            return moves;
        }
    }

    [Theory]
    [MemberData(nameof(MovesNoPathMakes))]
    public void AMoveNoPathMakesIsRefusedNamingTheOrderAndItsStatusAndChangesNothing(OrderStatus status, Move move)
    {
        var order = OrderIn(status);
        var before = (order.Status, order.UpdatedAt, Keys: string.Join(",", order.Keys.Select(k => k.Status)));

        var refused = Assert.Throws<InvalidOperationException>(() => Apply(order, move));

        Assert.StartsWith($"Order {order.Id} ", refused.Message);
        Assert.Contains(status.ToString(), refused.Message);
        Assert.Equal(before, (order.Status, order.UpdatedAt, string.Join(",", order.Keys.Select(k => k.Status))));
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

    /// <summary>Walks every store path: the statuses they reach (with the first steps that reach each) and the moves they make from each.</summary>
    private static (Dictionary<OrderStatus, Move[]> Reached, HashSet<(OrderStatus, Move)> Made) Walk()
    {
        var reached = new Dictionary<OrderStatus, Move[]> { [OrderStatus.Created] = [] };
        var made = new HashSet<(OrderStatus, Move)>();
        foreach (var row in StorePaths)
        {
            var moves = row.Data.Item1;
            var order = NewOrder();
            for (var step = 0; step < moves.Length; step++)
            {
                made.Add((order.Status, moves[step]));
                Apply(order, moves[step]);
                reached.TryAdd(order.Status, moves[..(step + 1)]);
            }
        }
        return (reached, made);
    }

    /// <summary>A new order taken to <paramref name="status"/> the way the store first gets there.</summary>
    private static Order OrderIn(OrderStatus status)
    {
        var order = NewOrder();
        foreach (var move in Walk().Reached[status]) Apply(order, move);
        Assert.Equal(status, order.Status);
        return order;
    }

    private static void Apply(Order order, Move move)
    {
        var at = Noon.AddMinutes(1);
        switch (move)
        {
            case Move.Pay: order.MarkPaid("ch_2", at); break;
            case Move.Decline: order.Decline("declined", null, at); break;
            case Move.Provision: order.StartProvisioning(at); break;
            case Move.RecordKey: order.RecordKey(order.Keys.FirstOrDefault()?.Id ?? Guid.Empty, "vk_2", "sealed", "zzzzzz", at.AddHours(1), at); break;
            case Move.Fail: order.Fail("boom", at); break;
            case Move.RevokeKeys: order.MarkKeysRevoked(order.Keys.Select(k => k.Id).ToList(), at); break;
            case Move.Refund: order.MarkRefunded("re_2", at); break;
            default: throw new ArgumentOutOfRangeException(nameof(move));
        }
    }
}
