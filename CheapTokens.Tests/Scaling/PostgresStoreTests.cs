using CheapTokens.Blazor.Data;
using CheapTokens.Tests.Checkout;
using CheapTokens.Tests.KeyPool;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CheapTokens.Tests.Scaling;

/// <summary>
/// The store's database tests and its invariant tests (supply reservation, single-use quotes, idempotency, key pool
/// claims), run unchanged on PostgreSQL, where writers really are concurrent: each test gets a fresh database and
/// every host it starts uses it (see <see cref="StoreHost.OnDatabase"/>).
/// </summary>
public class PostgresStoreTests
{
    private static async Task OnPostgresAsync<TTest>(Func<TTest, Task> test) where TTest : new()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        var instance = new TTest();
        if (instance is IAsyncLifetime lifetime) await lifetime.InitializeAsync();
        try
        {
            await test(instance);
        }
        finally
        {
            if (instance is IAsyncLifetime done) await done.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task MigrationsApplyEveryPostgresMigrationAndQuartzTables()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        await using var store = await StoreScenarios.StartCheckoutAsync();
        await using var db = await store.OpenDbAsync();

        Assert.True(db.Database.IsNpgsql());
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.EndsWith("_InitialPostgres", applied[0]);
        Assert.DoesNotContain(applied, m => m.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'qrtz_triggers'"));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '__OperatorMigrationsHistory'"));

    }

    [PostgresFact]
    public async Task MigratingMakesQuartzsLockRowsBeforeAnySchedulerStarts()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var options = new DbContextOptionsBuilder<StoreDbContext>();
        options.UseStoreDatabase(new DatabaseOptions { Provider = DatabaseOptions.Postgres, ConnectionString = database.ConnectionString }, "");

        await StoreDatabase.MigrateAsync(new PooledDbContextFactory<StoreDbContext>(options.Options), default);

        // Nodes starting together on an empty database find the rows there and never race to insert them (a loser of
        // that race waited out a retry on the store's clock).
        Assert.Equal(2L, await database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM qrtz_locks WHERE sched_name = 'CheapTokens' AND lock_name IN ('TRIGGER_ACCESS', 'STATE_ACCESS')"));
    }

    [PostgresFact]
    public async Task SingletonJobsLiveInTheSharedQuartzStoreAndEachNodeStillTicksItsOwnPrices()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        await using var store = await StoreScenarios.StartCheckoutAsync();

        // The scheduler has started once its triggers are in the shared store.
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_name = 'PaymentReconciliation.trigger'"));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_name = 'KeyPoolRefillJob.trigger'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_name = 'PriceTickJob.trigger'"));

        var feed = store.Get<Blazor.LivePrices.PriceFeed>();
        var first = feed.Latest!.AsOf;
        var ticked = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = feed.Subscribe(snapshot =>
        {
            if (snapshot.AsOf > first) ticked.TrySetResult(snapshot.AsOf);
            return Task.CompletedTask;
        });
        store.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(first + TimeSpan.FromSeconds(1), await ticked.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [PostgresFact]
    public async Task ThreeNodesStartingAtOnceOnAnEmptyDatabaseAllStartAndMigrateOnce()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);

        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => StoreScenarios.StartCheckoutAsync())));
        try
        {
            await using var db = await nodes[2].OpenDbAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            // Each migration recorded once, whichever node applied it.
            Assert.Equal(db.Database.GetMigrations().Count(), await database.ScalarAsync<long>("SELECT COUNT(*) FROM \"__EFMigrationsHistory\""));
            // Every node sells from the same database.
            var order = await nodes[0].PaidOrderAsync(credits: 3);
            Assert.Equal(order.Id, (await nodes[1].OrderByTokenAsync(order.Token)).Id);
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    [PostgresFact]
    public Task SnapshotMatchesTheModel() => OnPostgresAsync<StoreDatabaseTests>(t => t.HandWrittenSnapshotMatchesTheModel());

    [PostgresFact]
    public Task SupplyReservationCountsAsSoldUpToTheSupply() => OnPostgresAsync<SupplyLedgerTests>(t => t.ReservationCountsAsSoldUpToTheSupply());

    [PostgresFact]
    public Task SupplySeveralDatesAreReservedAllOrNothing() => OnPostgresAsync<SupplyLedgerTests>(t => t.SeveralDatesAreReservedAllOrNothing());

    [PostgresFact]
    public Task SupplyReleaseGivesCreditsBackButNeverBelowZero() => OnPostgresAsync<SupplyLedgerTests>(t => t.ReleaseGivesCreditsBackButNeverBelowZero());

    [PostgresFact]
    public Task SupplyConcurrentReservationsNeverOversell() => OnPostgresAsync<SupplyLedgerTests>(t => t.ConcurrentReservationsNeverOversell());

    [PostgresFact]
    public Task CheckoutFiftyBuyersRacingForTheLastTenCreditsNeverOversell() =>
        OnPostgresAsync<CheckoutServiceTests>(t => t.FiftyBuyersRacingForTheLastTenCreditsNeverOversell());

    [PostgresFact]
    public Task CheckoutConcurrentDoubleSubmitsGiveOneOrderAndOneCharge() =>
        OnPostgresAsync<CheckoutServiceTests>(t => t.ConcurrentDoubleSubmitsGiveOneOrderAndOneCharge());

    [PostgresFact]
    public Task CheckoutRefusedChargeReleasesSupply() =>
        OnPostgresAsync<CheckoutServiceTests>(t => t.RefusedChargeDeclinesTheOrderReleasesSupplyAndMintsNothing(Blazor.Payments.SandboxPaymentProcessor.Declined, "declined"));

    [PostgresFact]
    public Task QuoteAlreadyOrderedUnderAnotherKeyIs409QuoteUsed() => OnPostgresAsync<IdempotencyTests>(t => t.AQuoteAlreadyOrderedUnderAnotherKeyIs409QuoteUsed());

    [PostgresFact]
    public Task IdempotencySameKeyWithOtherParametersIs422() => OnPostgresAsync<IdempotencyTests>(t => t.SameKeyWithOtherParametersIs422AndChangesNothing());

    [PostgresFact]
    public Task IdempotencyTwentyConcurrentRequestsWithOneKeyMakeOneOrderAndOneCharge() =>
        OnPostgresAsync<IdempotencyHostTests>(t => t.TwentyConcurrentRequestsWithOneKeyMakeOneOrderAndOneCharge());

    [PostgresFact]
    public Task KeyPoolFiftyConcurrentPaymentsAgainstTenPoolKeysGiveEachKeyToOneOrder() =>
        OnPostgresAsync<KeyPoolTests>(t => t.FiftyConcurrentPaymentsAgainstTenPoolKeysGiveEachKeyToOneOrderAndSellNoMoreThanCanBeIssuedBeforeMidnight());

    [PostgresFact]
    public Task KeyPoolARestartBetweenClaimAndPatchHandsTheSameKeyToTheSameOrder() =>
        OnPostgresAsync<KeyPoolTests>(t => t.ARestartBetweenClaimAndPatchHandsTheSameKeyToTheSameOrder());

    [PostgresFact]
    public async Task KeyPoolTwentyClaimsAtOnceOnTwentyFreeKeysAllSucceedEachWithItsOwnKey()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(StoreHost.Afternoon);
        await using var store = await StoreHost.StartAsync(clock: clock);
        var pool = store.Get<CheapTokens.Blazor.KeyPool.KeyPoolStore>();
        var midnight = new DateTimeOffset(StoreHost.Afternoon.Date.AddDays(1), TimeSpan.Zero);
        await AddPoolKeysAsync(pool, 20, midnight);

        // Twenty runs claim at the same moment: locked keys are skipped, not waited for or fought over.
        var runs = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        var claims = await Task.WhenAll(runs.Select(run => Task.Run(() => pool.TryClaimAsync(run, midnight, StoreHost.Afternoon, default))));

        Assert.All(claims, Assert.NotNull);
        Assert.Equal(20, claims.Select(c => c!.Id).Distinct().Count());
        Assert.Equal(runs.ToHashSet(), claims.Select(c => c!.ClaimedByOrderKeyId!.Value).ToHashSet());
        // None left: the next claim is told so.
        Assert.Null(await pool.TryClaimAsync(Guid.NewGuid(), midnight, StoreHost.Afternoon, default));
    }

    /// <summary>Free pool keys pool-0, pool-1, ... for <paramref name="midnight"/>, a second apart, oldest first.</summary>
    private static async Task AddPoolKeysAsync(CheapTokens.Blazor.KeyPool.KeyPoolStore pool, int count, DateTimeOffset midnight)
    {
        for (var i = 0; i < count; i++)
        {
            await pool.AddAsync(new CheapTokens.Blazor.KeyPool.PoolKey
            {
                Id = Guid.NewGuid(), Account = "default", VeniceKeyId = $"pool-{i}", ProtectedApiKey = "protected", ApiKeyHint = "…0000",
                ExpiresAt = midnight, CreatedAt = StoreHost.Afternoon.AddSeconds(i),
            }, default);
        }
    }

    [PostgresFact]
    public async Task KeyPoolAClaimSkipsAKeyAnotherNodeIsClaimingInsteadOfWaitingForIt()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        await using var store = await StoreHost.StartAsync(clock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(StoreHost.Afternoon));
        var pool = store.Get<CheapTokens.Blazor.KeyPool.KeyPoolStore>();
        var midnight = new DateTimeOffset(StoreHost.Afternoon.Date.AddDays(1), TimeSpan.Zero);
        await AddPoolKeysAsync(pool, 2, midnight);

        // Another node's claim holds the oldest key's row lock in its open transaction.
        await using var otherNode = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await otherNode.OpenAsync();
        await using var claiming = await otherNode.BeginTransactionAsync();
        await using (var lockOldest = new Npgsql.NpgsqlCommand("SELECT 1 FROM \"PoolKeys\" WHERE \"VeniceKeyId\" = 'pool-0' FOR UPDATE", otherNode, claiming))
            await lockOldest.ExecuteScalarAsync();

        // This claim takes the next key at once (bounded: a claim that waited for the lock would sit there until the
        // other transaction ended).
        var claim = await pool.TryClaimAsync(Guid.NewGuid(), midnight, StoreHost.Afternoon, default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("pool-1", claim?.VeniceKeyId);
        await claiming.RollbackAsync();
    }

    [PostgresFact]
    public Task ConsoleResendKeepsTheOldLinkAndOpensTheOrderByTheNewOne() =>
        OnPostgresAsync<Admin.ConsoleOrdersTests>(t => t.ResendingTheReceiptMailsANewLinkThatOpensTheOrderWhileTheOldLinkStillDoes());

    [PostgresFact]
    public Task ConsoleResendRetiringLeavesOnlyTheNewestLink() =>
        OnPostgresAsync<Admin.ConsoleOrdersTests>(t => t.RetiringTheEarlierLinksLeavesOnlyTheNewestLinkOpeningTheOrder());

    [PostgresFact]
    public Task ConsolePauseAndItsAuditEntryCommitTogether() =>
        OnPostgresAsync<Admin.SalesControlTests>(t => t.APauseWhoseAuditEntryCannotBeWrittenDoesNotHappen());

    [PostgresFact]
    public Task ConsolePricingVersionAndItsAuditEntryCommitTogether() =>
        OnPostgresAsync<Admin.PricingConsoleTests>(t => t.AVersionWhoseAuditEntryCannotBeWrittenIsNotSavedNorInForce());

    [PostgresFact]
    public Task ConsolePauseAndResumeAreAuditedOnce() =>
        OnPostgresAsync<Admin.SalesControlTests>(t => t.PauseAndResumeAreAuditedOnceEachAndTheBoardCarriesThePauseAtOnce());

    [PostgresFact]
    public Task ConsoleResendDoubleClickSendsOnce() => OnPostgresAsync<Admin.ConsoleOrdersTests>(t => t.ADoubleClickOnResendSendsTheReceiptOnce());

    [PostgresFact]
    public Task ConsoleTimelineRecordsVeniceCalls() =>
        OnPostgresAsync<Admin.ConsoleOrderVeniceCallsTests>(t => t.AMintRateLimitedOnceAndARevokeAreInTheTimelineWithStatusAttemptAndKeyIdButNoSecret());

    [PostgresFact]
    public Task ConsoleRefundOfAFulfilledOrderRevokesThenRefunds() =>
        OnPostgresAsync<Admin.ConsoleOrdersRevokeTests>(t => t.RefundingAFulfilledOrderRevokesItsKeyFirstThenGivesTheMoneyBackOnce());
}
