using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Blazor.Scaling;
using CheapTokens.Core.Pricing;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Scaling;

/// <summary>
/// Two nodes (two hosts of the app on one PostgreSQL database and one clock) share what one Venice account allows and
/// what the board shows: the creation budget, the active-key count, the board's figures for a second, and who holds
/// which order.
/// </summary>
public sealed class SharedAcrossNodesTests
{
    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            // Both nodes' simulated Venice answer the same account, and leave the pacing to the store.
            ["Venice:AdminKey"] = "shared-nodes-admin-key-91c3",
            ["Venice:Simulator:RateLimitPerMinute"] = "100000",
            ["Provisioning:KeyCreationsPerMinute"] = "20",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    private static async Task<int> RefillAsync(StoreHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KeyPoolRefillJob>().RefillAsync(default);
    }

    private static async Task<PriceSnapshot> BoardAsync(StoreHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PriceBoard>().ComputeAsync(default);
    }

    [PostgresFact]
    public async Task TwoNodesRefillingAtOnceCreateNoMoreKeysInAMinuteThanTheAccountsBudgetAndLeaveNoneForAnOrder()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        // The refill alone would take up to 60 a minute; the account allows 20, whichever node asks.
        var settings = Settings(("KeyPool:Enabled", "true"), ("KeyPool:Size", "200"), ("KeyPool:LowWaterMark", "200"), ("KeyPool:RefillPerMinute", "60"));
        await using var a = await StoreHost.StartAsync(settings, clock);
        await using var b = await StoreHost.StartAsync(settings, clock);

        var minted = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => RefillAsync(i % 2 == 0 ? a : b))));

        Assert.Equal(20, minted.Sum());
        Assert.Equal(20L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM \"PoolKeys\""));
        Assert.Equal(20L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM \"SimulatedVeniceKeys\""));
        // An order minting its own key draws on the same budget: this minute, neither node may create one.
        foreach (var node in new[] { a, b })
            Assert.False(await node.Get<IKeyCreationBudget>().TryTakeSlotAsync(node.Get<VeniceAccountStates>().Default, clock.GetUtcNow(), default));
        Assert.True(await b.Get<IKeyCreationBudget>().WaitBeforeNextAsync(b.Get<VeniceAccountStates>().Default, clock.GetUtcNow(), default) > TimeSpan.FromSeconds(59));

        // A minute on, the budget is whole again, and again shared.
        clock.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => RefillAsync(i % 2 == 0 ? a : b))));
        Assert.Equal(40L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM \"SimulatedVeniceKeys\""));
    }

    [PostgresFact]
    public async Task BothNodesShowTheSameCreditsAndOrdersLeftForTheSameSecondAndTheSaleInTheNext()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        var settings = Settings(("Pricing:DailySupply", "100"));
        await using var a = await StoreHost.StartAsync(settings, clock);
        await using var b = await StoreHost.StartAsync(settings, clock);
        clock.Advance(TimeSpan.FromSeconds(1));

        var onA = await BoardAsync(a);
        // A sale on A within the same second: B ticks after it, in that second.
        await a.BuyCreditsAsync(3);
        var onB = await BoardAsync(b);

        Assert.Equal(onA.AsOf, onB.AsOf);
        Assert.Equal(onA.Supply, onB.Supply);
        Assert.NotNull(onA.OrdersLeftToday);
        Assert.Equal(onA.OrdersLeftToday, onB.OrdersLeftToday);

        // The next second, both show the sale.
        clock.Advance(TimeSpan.FromSeconds(1));
        var nextOnB = await BoardAsync(b);
        var nextOnA = await BoardAsync(a);
        Assert.Equal(onA.Supply.Remaining - 3, nextOnB.Supply.Remaining);
        Assert.Equal(nextOnB.Supply, nextOnA.Supply);
        Assert.Equal(nextOnB.OrdersLeftToday, nextOnA.OrdersLeftToday);
    }

    [PostgresFact]
    public async Task KeysCreatedOnOneNodeCountAgainstTheAccountsCapOnTheOther()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        // A small cap, so the room under it is what bounds today's capacity.
        var settings = Settings(("KeyPool:Enabled", "true"), ("KeyPool:Size", "5"), ("KeyPool:LowWaterMark", "5"),
            ("KeyPool:RefillPerMinute", "30"), ("KeyPool:MaxActiveKeysPerAccount", "50"), ("Venice:Simulator:MaxLiveKeys", "50"));
        await using var a = await StoreHost.StartAsync(settings, clock);
        await using var b = await StoreHost.StartAsync(settings, clock);
        var before = await b.Get<KeyCapacityService>().ComputeAsync(default);

        Assert.Equal(5, await RefillAsync(a));
        var onA = await a.Get<KeyCapacityService>().ComputeAsync(default);
        var onB = await b.Get<KeyCapacityService>().ComputeAsync(default);

        // Five pool keys to hand out, and five fewer that may still be created under the cap: the same total, on both nodes.
        Assert.Equal(before.OrdersLeft, onA.OrdersLeft);
        Assert.Equal(onA.OrdersLeft, onB.OrdersLeft);
        Assert.Equal(a.Get<VeniceAccountStates>().Default.LiveKeys, b.Get<VeniceAccountStates>().Default.LiveKeys);
    }

    [PostgresFact]
    public async Task TheOrphanScanTakesOverNothingALiveNodeHoldsAndEverythingADeadNodeLeft()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        // One creation a minute and one order at a time: the second order waits for a slot, the third in A's line.
        var settings = Settings(("Provisioning:KeyCreationsPerMinute", "1"), ("Provisioning:WorkerConcurrency", "1"));
        var a = await StoreHost.StartAsync(settings, clock);
        await using var b = await StoreHost.StartAsync(settings, clock);
        var aNode = a.Get<NodeIdentity>().Id;
        try
        {
            var tokens = new List<string>();
            for (var i = 0; i < 3; i++) tokens.Add(await a.BuyCreditsAsync(1));
            await a.WaitForOrderStatusAsync(tokens[0], "fulfilled");
            await WaitUntilAsync(async () => await database.ScalarAsync<long>(
                $"SELECT COUNT(*) FROM \"OrderLeases\" WHERE \"Node\" = '{aNode}'") == 2, "A holding the two orders it has not keyed yet");

            Assert.Equal(0, await TakeOverAsync(b));
            Assert.Equal(2L, await database.ScalarAsync<long>($"SELECT COUNT(*) FROM \"OrderLeases\" WHERE \"Node\" = '{aNode}'"));
        }
        finally
        {
            await a.DisposeAsync();
        }

        // A is gone: once its leases run out, B takes both orders over.
        clock.Advance(OrderLeases.Duration + TimeSpan.FromSeconds(1));
        var bNode = b.Get<NodeIdentity>().Id;
        await TakeOverAsync(b); // B's own scan may have fired on the moved clock already
        await WaitUntilAsync(async () => await database.ScalarAsync<long>(
            $"SELECT COUNT(*) FROM \"OrderLeases\" WHERE \"Node\" = '{bNode}'") == 2, "B holding A's two orders");
    }

    [PostgresFact]
    public async Task QuartzNamesEachNodeInTheClusterByItsConfiguredName()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        await using var a = await StoreHost.StartAsync(Settings((NodeIdentity.NodeNameKey, "node-a.example:5131")), new FakeTimeProvider(StoreHost.Afternoon));

        Assert.Equal("node-a.example:5131", a.Get<NodeIdentity>().Name);
        await WaitUntilAsync(async () => await database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM qrtz_scheduler_state WHERE instance_name = 'node-a.example:5131'") == 1, "the node's check-in under its name");
    }

    private static async Task<int> TakeOverAsync(StoreHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ResumeOrphanedOrdersJob>().TakeOverAsync(default);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(20)) Assert.Fail($"Waited 20 s for {what}.");
            await Task.Delay(50);
        }
    }
}
