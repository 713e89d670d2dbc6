using CheapTokens.Blazor.Supply;
using CheapTokens.Core.Supply;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Checkout;

public class SupplyLedgerTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 21);
    private static readonly DateOnly Tomorrow = Today.AddDays(1);
    private StoreHost _store = null!;

    public async ValueTask InitializeAsync() => _store = await StoreScenarios.StartCheckoutAsync(dailySupply: 10);

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    private Task<bool> ReserveAsync(int credits, params DateOnly[] dates) => _store.SellElsewhereAsync(credits, dates);

    private async Task ReleaseAsync(int credits, params DateOnly[] dates)
    {
        await using var db = await _store.OpenDbAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await _store.Get<SupplyLedger>().ReleaseAsync(db, dates, credits, default);
        await transaction.CommitAsync();
    }

    private Task<int> SoldAsync(DateOnly date) => _store.SoldAsync(date);

    [Fact]
    public async Task NothingIsSoldOnAFreshDay()
    {
        Assert.Equal(0, await SoldAsync(Today));
        Assert.Equal([new DateRemaining(Today, 10), new DateRemaining(Tomorrow, 10)],
            await _store.Get<SupplyLedger>().GetRemainingAsync([Today, Tomorrow], default));
    }

    [Fact]
    public async Task ReservationCountsAsSoldUpToTheSupply()
    {
        Assert.True(await ReserveAsync(7, Today));
        Assert.True(await ReserveAsync(3, Today));
        Assert.False(await ReserveAsync(1, Today));
        Assert.Equal(10, await SoldAsync(Today));
    }

    [Fact]
    public async Task SeveralDatesAreReservedAllOrNothing()
    {
        Assert.True(await ReserveAsync(9, Tomorrow));

        Assert.False(await ReserveAsync(2, Today, Tomorrow));
        Assert.Equal(0, await SoldAsync(Today));
        Assert.Equal(9, await SoldAsync(Tomorrow));

        Assert.True(await ReserveAsync(1, Today, Tomorrow));
        Assert.Equal(1, await SoldAsync(Today));
        Assert.Equal(10, await SoldAsync(Tomorrow));
    }

    [Fact]
    public async Task ReleaseGivesCreditsBackButNeverBelowZero()
    {
        await ReserveAsync(5, Today);
        await ReleaseAsync(3, Today);
        Assert.Equal(2, await SoldAsync(Today));
        await ReleaseAsync(9, Today);
        Assert.Equal(0, await SoldAsync(Today));
    }

    [Fact]
    public async Task ChangesOutsideATransactionAreRefused()
    {
        await using var db = await _store.OpenDbAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Get<SupplyLedger>().TryReserveAsync(db, [Today], 1, default));
    }

    [Fact]
    public async Task ConcurrentReservationsNeverOversell()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => ReserveAsync(1, Today))));

        Assert.Equal(10, results.Count(r => r));
        Assert.Equal(10, await SoldAsync(Today));
    }
}
