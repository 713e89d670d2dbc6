using CheapTokens.Core.Payments;
using System.Globalization;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Blazor.Venice;
using CheapTokens.StandIns.Venice;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Time;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.KeyPool;

/// <summary>The key pool against the simulated Venice: claims, hand-outs, fallbacks, refill and sweep, on the test clock.</summary>
public class KeyPoolTests
{
    private const string AdminKey = "pool-admin-key-31c8";

    /// <summary>A minute before midnight: the pool and what pacing can still mint are all that is left to sell.</summary>
    private static readonly DateTimeOffset LastMinute = new(2026, 11, 21, 23, 59, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Midnight = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, string?> Settings(int poolSize, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Venice:AdminKey"] = AdminKey,
            ["KeyPool:Enabled"] = "true",
            ["KeyPool:Size"] = poolSize.ToString(CultureInfo.InvariantCulture),
            ["KeyPool:LowWaterMark"] = poolSize.ToString(CultureInfo.InvariantCulture),
            ["KeyPool:RefillPerMinute"] = "1000",
            // The test fills the pool itself; the job's own runs would come an hour in.
            ["KeyPool:RefillIntervalSeconds"] = "3600",
            ["Venice:RetryBaseDelayMs"] = "10",
            ["Provisioning:RetryDelaySeconds"] = "0",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    private static async Task<int> RefillAsync(StoreHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KeyPoolRefillJob>().RefillAsync(default);
    }

    private static async Task<int> SweepAsync(StoreHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExpiredKeySweepJob>().SweepAsync(default);
    }

    private static async Task<List<PoolKey>> PoolAsync(StoreHost host)
    {
        await using var db = await host.OpenDbAsync();
        return await db.PoolKeys.AsNoTracking().ToListAsync();
    }

    /// <summary>The key as the simulated Venice holds it now; null when it is gone.</summary>
    private static Task<VeniceKeySummary?> VeniceKeyAsync(StoreHost host, string keyId) =>
        host.Get<IVeniceKeyClient>().GetKeyAsync(keyId, default);

    private static async Task<string> PayAsync(StoreHost host, int credits)
    {
        var quote = await host.QuoteAsync(credits);
        var placed = Assert.IsType<PlaceOrderResult.Placed>(await host.PlaceAsync(quote.Id, StoreScenarios.NewKey()));
        return placed.Order.Token!; // a new order always carries its token
    }

    [Fact]
    public async Task FiftyConcurrentPaymentsAgainstTenPoolKeysGiveEachKeyToOneOrderAndSellNoMoreThanCanBeIssuedBeforeMidnight()
    {
        var clock = new FakeTimeProvider(LastMinute);
        await using var host = await StoreHost.StartAsync(Settings(10), clock);
        Assert.Equal(10, await RefillAsync(host));
        // 10 pool keys, and the 10 creation slots this minute has left: 23:59:30 is the last moment a key is minted for an order.
        Assert.Equal(20, (await host.Get<KeyCapacityService>().ComputeAsync(default)).OrdersLeft);

        var quotes = new List<Quote>();
        for (var i = 0; i < 50; i++) quotes.Add(await host.QuoteAsync(credits: 2));
        var results = await Task.WhenAll(quotes.Select(q => Task.Run(() => host.PlaceAsync(q.Id, StoreScenarios.NewKey()))));

        var placed = results.OfType<PlaceOrderResult.Placed>().ToList();
        var refused = results.OfType<PlaceOrderResult.KeyCapacity>().ToList();
        Assert.Equal(50, placed.Count + refused.Count);
        Assert.InRange(placed.Count, 10, 20);
        Assert.All(refused, r => Assert.Equal(Midnight, r.NextMidnightUtc));

        var keyIds = new List<string>();
        foreach (var order in placed)
        {
            var done = await host.WaitForOrderStatusAsync(order.Order.Token!, "fulfilled");
            keyIds.Add(done.GetProperty("veniceKeyId").GetString()!);
            Assert.True(done.GetProperty("expiresAt").GetDateTimeOffset() == Midnight);
        }
        Assert.True(clock.GetUtcNow() < Midnight, "every key was in its buyer's hands before midnight");
        Assert.Equal(keyIds.Count, keyIds.Distinct().Count());

        var pool = await PoolAsync(host);
        Assert.Equal(10, pool.Count);
        Assert.All(pool, p => Assert.NotNull(p.HandedOutAt));
        Assert.Equal(10, pool.Select(p => p.ClaimedByOrderKeyId).Distinct().Count());
        Assert.Equal(10, keyIds.Intersect(pool.Select(p => p.VeniceKeyId)).Count());
        foreach (var keyId in keyIds)
        {
            // Every key handed out carries its order's limit, never the placeholder.
            Assert.Equal(2m, (await VeniceKeyAsync(host, keyId))!.DiemLimit);
        }
        // Only the orders sold were charged.
        Assert.Equal(placed.Count, (await host.PaymentsAsync()).Count(p => p.State is PaymentState.Succeeded or PaymentState.RefundPending or PaymentState.Refunded or PaymentState.RefundRefused));
        Assert.Equal(placed.Count, (await host.OrdersAsync()).Count);
    }

    [Fact]
    public async Task ARestartBetweenClaimAndPatchHandsTheSameKeyToTheSameOrder()
    {
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        var venice = await VeniceSimulation.StandaloneAsync(clock,
            new VeniceOptions { AdminKey = AdminKey, Simulator = new() { Enabled = true, RateLimitPerMinute = 1000 } });
        var dataDirectory = StoreHost.NewDataDirectory();
        var settings = Settings(2);
        try
        {
            string token;
            PoolKey claimed;
            // The first run of the store claims a pool key for the order and stops before changing it on Venice.
            await using (var first = await StoreHost.StartAsync(settings, clock, s =>
                         {
                             TestDoubles.RecordPaidOrders(s);
                             s.AddSingleton(venice);
                         }, dataDirectory))
            {
                Assert.Equal(2, await RefillAsync(first));
                token = await PayAsync(first, credits: 7);
                var orderId = (await first.OrderByTokenAsync(token)).Id;
                var next = Assert.IsType<NextRun.Due>(await first.Get<OrderFulfillment>().StartNextRunAsync(orderId, default));
                claimed = (await first.Get<KeyPoolStore>().TryClaimAsync(next.Job.OrderKeyId, next.Job.ExpiresAt, clock.GetUtcNow(), default))!;
                Assert.NotNull(claimed);
            }

            await using var second = await StoreHost.StartAsync(settings, clock, s => s.AddSingleton(venice), dataDirectory);
            var order = await second.WaitForOrderStatusAsync(token, "fulfilled");

            Assert.Equal(claimed.VeniceKeyId, order.GetProperty("veniceKeyId").GetString());
            var orderId2 = (await second.OrderByTokenAsync(token)).Id;
            var ours = (await second.Get<IVeniceKeyClient>().ListKeysAsync(default))
                .Where(k => k.Description == OrderFulfillment.KeyDescriptionFor(orderId2)).ToList();
            Assert.Equal(7m, Assert.Single(ours).DiemLimit);
            var pool = await PoolAsync(second);
            Assert.Single(pool, p => p.ClaimedByOrderKeyId is not null);
            Assert.NotNull(pool.Single(p => p.Id == claimed.Id).HandedOutAt);
            Assert.Null(pool.Single(p => p.Id != claimed.Id).ClaimedByOrderKeyId);
            Assert.Single(await second.PaymentsAsync(), p => p.State is PaymentState.Succeeded or PaymentState.RefundPending or PaymentState.Refunded or PaymentState.RefundRefused);
        }
        finally
        {
            StoreHost.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task AResumedRunThatMintedBeforeStoppingKeepsOnlyThePoolKeyItIsHandedNow()
    {
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        var venice = await VeniceSimulation.StandaloneAsync(clock,
            new VeniceOptions { AdminKey = AdminKey, Simulator = new() { Enabled = true, RateLimitPerMinute = 1000 } });
        var dataDirectory = StoreHost.NewDataDirectory();
        var settings = Settings(1);
        try
        {
            string token;
            string leftover;
            // The first run mints the order's key on Venice and stops before saving it; then the pool is filled.
            await using (var first = await StoreHost.StartAsync(settings, clock, s =>
                         {
                             TestDoubles.RecordPaidOrders(s);
                             s.AddSingleton(venice);
                         }, dataDirectory))
            {
                token = await PayAsync(first, credits: 5);
                var orderId = (await first.OrderByTokenAsync(token)).Id;
                var job = Assert.IsType<NextRun.Due>(await first.Get<OrderFulfillment>().StartNextRunAsync(orderId, default)).Job;
                leftover = (await first.Get<IVeniceKeyClient>().CreateInferenceKeyAsync(
                    new VeniceKeyRequest(job.KeyDescription, job.Credits, VeniceLimitUnit.Diem, job.ExpiresAt, job.LimitPeriod), default)).Id;
                Assert.Equal(1, await RefillAsync(first));
            }

            await using var second = await StoreHost.StartAsync(settings, clock, s => s.AddSingleton(venice), dataDirectory);
            var order = await second.WaitForOrderStatusAsync(token, "fulfilled");

            var pooled = Assert.Single(await PoolAsync(second));
            Assert.Equal(pooled.VeniceKeyId, order.GetProperty("veniceKeyId").GetString());
            var description = OrderFulfillment.KeyDescriptionFor((await second.OrderByTokenAsync(token)).Id);
            var live = (await second.Get<IVeniceKeyClient>().ListKeysAsync(default)).Where(k => k.Description == description).ToList();
            Assert.Equal(pooled.VeniceKeyId, Assert.Single(live).Id);
            Assert.Null(await VeniceKeyAsync(second, leftover));
        }
        finally
        {
            StoreHost.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task APatchRateLimitedTwiceIsRetriedAndTheOrderGetsItsPoolKey()
    {
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        await using var host = await StoreHost.StartAsync(Settings(1, ("Venice:MaxRetries", "3")), clock);
        await RefillAsync(host);
        var poolKey = Assert.Single(await PoolAsync(host));
        host.Simulator().InjectUpdateFaults(fail429: 2);

        var order = await host.WaitForOrderStatusAsync(await PayAsync(host, credits: 3), "fulfilled");

        Assert.Equal(poolKey.VeniceKeyId, order.GetProperty("veniceKeyId").GetString());
        Assert.Equal(3m, (await VeniceKeyAsync(host, poolKey.VeniceKeyId))!.DiemLimit);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(400)]
    public async Task APatchFailingForGoodDiscardsThePoolKeyAndTheOrderGetsAMintedKeyWithItsLimit(int status)
    {
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        await using var host = await StoreHost.StartAsync(Settings(1, ("Venice:MaxRetries", "2")), clock);
        await RefillAsync(host);
        var poolKey = Assert.Single(await PoolAsync(host));
        host.Simulator().InjectUpdateFaults(fail500: status == 500 ? 100 : 0, fail400: status == 400 ? 1 : 0);

        var order = await host.WaitForOrderStatusAsync(await PayAsync(host, credits: 4), "fulfilled");

        var keyId = order.GetProperty("veniceKeyId").GetString()!;
        Assert.NotEqual(poolKey.VeniceKeyId, keyId);
        Assert.Equal(4m, (await VeniceKeyAsync(host, keyId))!.DiemLimit);
        // The pool key is never handed out: discarded here and gone from Venice.
        var discarded = Assert.Single(await PoolAsync(host));
        Assert.NotNull(discarded.DiscardedAt);
        Assert.Null(discarded.HandedOutAt);
        Assert.Null(await VeniceKeyAsync(host, poolKey.VeniceKeyId));
    }

    [Fact]
    public async Task WhenThePatchAndMintingBothFailTheOrderIsRefundedAndNoKeyIsHandedOut()
    {
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        await using var host = await StoreHost.StartAsync(Settings(1, ("Venice:MaxRetries", "1"), ("Provisioning:MaxAttempts", "1")), clock);
        await RefillAsync(host);
        var poolKey = Assert.Single(await PoolAsync(host));
        host.Simulator().InjectUpdateFaults(fail500: 100);
        host.Simulator().InjectFaults(fail500: 100);

        var order = await host.WaitForOrderStatusAsync(await PayAsync(host, credits: 5), "refunded");

        Assert.False(order.TryGetProperty("apiKey", out var apiKey) && apiKey.ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.NotNull(Assert.Single(await PoolAsync(host)).DiscardedAt);
        Assert.Single(await host.PaymentsAsync(), p => p.State == PaymentState.Refunded);
        // The placeholder key never reached anyone; once Venice answers again it is gone for good.
        host.Simulator().InjectUpdateFaults();
        host.Simulator().InjectFaults();
        await SweepAsync(host);
        Assert.Null(await VeniceKeyAsync(host, poolKey.VeniceKeyId));
    }

    [Fact]
    public async Task RightAfterMidnightThePoolRefillsForTheNewDayAndTheSweepDeletesYesterdaysUnusedKeys()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 23, 58, 0, TimeSpan.Zero));
        await using var host = await StoreHost.StartAsync(Settings(3, ("KeyPool:RefillIntervalSeconds", "5")), clock);
        Assert.Equal(3, await RefillAsync(host));
        var yesterdays = await PoolAsync(host);
        Assert.All(yesterdays, p => Assert.Equal(Midnight, p.ExpiresAt));

        // The refill job runs on the app's clock: past midnight it finds no key for the new day and mints them.
        clock.SetUtcNow(Midnight.AddSeconds(1));
        var nextMidnight = Midnight.AddDays(1);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while ((await PoolAsync(host)).Count(p => p.ExpiresAt == nextMidnight) < 3)
            {
                await Task.Delay(20, deadline.Token);
                clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        Assert.Equal(3, await SweepAsync(host));
        var pool = await PoolAsync(host);
        Assert.Equal(3, pool.Count);
        Assert.All(pool, p => Assert.Equal(nextMidnight, p.ExpiresAt));
        foreach (var old in yesterdays) Assert.Null(await VeniceKeyAsync(host, old.VeniceKeyId));
        foreach (var fresh in pool) Assert.Equal(0.01m, (await VeniceKeyAsync(host, fresh.VeniceKeyId))!.DiemLimit);
        Assert.Equal(3, await host.LiveKeyCountAsync(AdminKey));
    }

    [Fact]
    public async Task AnOrderPlacedAfterTheLastKeyCouldBeIssuedIsRefusedWithKeyCapacityAndNothingIsCharged()
    {
        var clock = new FakeTimeProvider(LastMinute);
        await using var host = await StoreHost.StartAsync(Settings(0, ("KeyPool:LowWaterMark", "0")), clock);
        var quoteId = await host.QuoteOverHttpAsync(credits: 1);

        // The quote still holds, but no key minted now would reach the buyer before 00:00 UTC.
        clock.SetUtcNow(LastMinute.AddSeconds(40));
        var response = await host.PlaceOverHttpAsync(new { quoteId, email = StoreScenarios.Email, paymentMethod = "sandbox_ok" }, StoreScenarios.NewKey());

        Assert.Equal(System.Net.HttpStatusCode.Conflict, response.StatusCode);
        var problem = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content);
        Assert.Equal(Blazor.Http.ProblemCodes.KeyCapacity, problem.GetProperty("code").GetString());
        Assert.Equal(Midnight, problem.GetProperty("nextMidnightUtc").GetDateTimeOffset());
        Assert.Empty(await host.OrdersAsync());
        Assert.Empty(await host.PaymentsAsync());
    }
}
