using CheapTokens.Blazor.Supply;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Checkout;

public class SupplyLedgerTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 21);
    private static readonly DateOnly Tomorrow = Today.AddDays(1);
    private TestStore _store = null!;

    private SupplyLedger Ledger => _store.Get<SupplyLedger>();

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task NothingIsSoldOnAFreshDay() => Assert.Equal(0, await Ledger.GetSoldAsync(Today, default));

    [Fact]
    public async Task ReservationCountsAsSoldUpToTheSupply()
    {
        Assert.True(await Ledger.TryReserveAsync([Today], 7, dailySupply: 10, default));
        Assert.True(await Ledger.TryReserveAsync([Today], 3, dailySupply: 10, default));
        Assert.False(await Ledger.TryReserveAsync([Today], 1, dailySupply: 10, default));
        Assert.Equal(10, await Ledger.GetSoldAsync(Today, default));
    }

    [Fact]
    public async Task SeveralDatesAreReservedAllOrNothing()
    {
        Assert.True(await Ledger.TryReserveAsync([Tomorrow], 9, dailySupply: 10, default));

        Assert.False(await Ledger.TryReserveAsync([Today, Tomorrow], 2, dailySupply: 10, default));
        Assert.Equal(0, await Ledger.GetSoldAsync(Today, default));
        Assert.Equal(9, await Ledger.GetSoldAsync(Tomorrow, default));

        Assert.True(await Ledger.TryReserveAsync([Today, Tomorrow], 1, dailySupply: 10, default));
        Assert.Equal(1, await Ledger.GetSoldAsync(Today, default));
        Assert.Equal(10, await Ledger.GetSoldAsync(Tomorrow, default));
    }

    [Fact]
    public async Task ReleaseGivesCreditsBackButNeverBelowZero()
    {
        await Ledger.TryReserveAsync([Today], 5, dailySupply: 10, default);
        await Ledger.ReleaseAsync([Today], 3, default);
        Assert.Equal(2, await Ledger.GetSoldAsync(Today, default));
        await Ledger.ReleaseAsync([Today], 9, default);
        Assert.Equal(0, await Ledger.GetSoldAsync(Today, default));
    }

    [Fact]
    public async Task ConcurrentReservationsNeverOversell()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            Task.Run(() => Ledger.TryReserveAsync([Today], 1, dailySupply: 25, default))));

        Assert.Equal(25, results.Count(r => r));
        Assert.Equal(25, await Ledger.GetSoldAsync(Today, default));
    }
}
