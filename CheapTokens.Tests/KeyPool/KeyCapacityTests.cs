using CheapTokens.Core.Provisioning;

namespace CheapTokens.Tests.KeyPool;

public class KeyCapacityTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 11, 21, hour, minute, second, TimeSpan.Zero);

    private static AccountCapacityInput Account(int pool = 0, int live = 0, int cap = 500, int perMinute = 20, int recent = 0, string name = "a") =>
        new(name, pool, live, cap, perMinute, recent);

    [Fact]
    public void AnEmptyPoolAtHalfPastElevenCountsWhatPacingMintsBeforeTheCutOff()
    {
        // 23:30 → 23:59:30: 20 free now, then 29 whole minutes at 20 a minute; with Venice's 500 cap, 500 of them.
        var roomy = KeyCapacity.Compute([Account(cap: 1000)], At(23, 30), Midnight, Margin, waitingOrders: 0);
        var capped = KeyCapacity.Compute([Account()], At(23, 30), Midnight, Margin, waitingOrders: 0);

        Assert.Equal(20 + 29 * 20, roomy.OrdersLeft);
        Assert.Equal(500, capped.OrdersLeft);
        Assert.Equal(0, Assert.Single(capped.Accounts).PoolKeysLeft);
    }

    [Fact]
    public void AtTheCutOffOnlyPoolKeysAreLeft()
    {
        var capacity = KeyCapacity.Compute([Account(pool: 7)], At(23, 59, 30), Midnight, Margin, waitingOrders: 0);

        Assert.Equal(7, capacity.OrdersLeft);
        Assert.Equal(0, capacity.Accounts[0].Mintable);
    }

    [Fact]
    public void ThirtySecondsBeforeMidnightWithoutAMarginOnlyTheSlotsFreeNowCount()
    {
        var capacity = KeyCapacity.Compute([Account(pool: 2, recent: 15)], At(23, 59, 30), Midnight, TimeSpan.Zero, waitingOrders: 0);

        Assert.Equal(2 + 5, capacity.OrdersLeft);
    }

    [Fact]
    public void AnEmptyPoolAtTheCutOffLeavesNothingToSell()
    {
        var capacity = KeyCapacity.Compute([Account()], At(23, 59, 30), Midnight, Margin, waitingOrders: 0);

        Assert.Equal(0, capacity.OrdersLeft);
    }

    [Fact]
    public void AFullAccountMintsNothingButItsPoolKeysStillCount()
    {
        var capacity = KeyCapacity.Compute([Account(pool: 4, live: 500)], At(18, 0), Midnight, Margin, waitingOrders: 0);

        Assert.Equal(4, capacity.OrdersLeft);
        Assert.Equal(0, capacity.Accounts[0].Mintable);
    }

    [Fact]
    public void RoomUnderTheCapBoundsWhatPacingCouldMint()
    {
        var capacity = KeyCapacity.Compute([Account(pool: 10, live: 490)], At(12, 0), Midnight, Margin, waitingOrders: 0);

        Assert.Equal(10 + 10, capacity.OrdersLeft);
    }

    [Fact]
    public void AccountsAddUpAndOrdersWaitingForAKeyAreTakenOff()
    {
        var full = Account(pool: 3, live: 500, name: "full");
        var open = Account(pool: 5, live: 0, recent: 20, name: "open");

        var capacity = KeyCapacity.Compute([full, open], At(23, 58, 0), Midnight, Margin, waitingOrders: 4);

        // full: 3 pool keys; open: 5 pool keys + 0 free now + 1 whole minute (23:58 → 23:59:30) of 20.
        Assert.Equal(3 + 5 + 20 - 4, capacity.OrdersLeft);
        Assert.Equal([3, 25], capacity.Accounts.Select(a => a.Total));
    }

    [Fact]
    public void MoreOrdersWaitingThanKeysLeftIsZeroNotNegative()
    {
        var capacity = KeyCapacity.Compute([Account(pool: 1)], At(23, 59, 45), Midnight, Margin, waitingOrders: 3);

        Assert.Equal(0, capacity.OrdersLeft);
    }
}
