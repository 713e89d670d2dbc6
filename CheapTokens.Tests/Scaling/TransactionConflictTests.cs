using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Tests.Payments;
using CheapTokens.Tests.Support;
using Npgsql;

namespace CheapTokens.Tests.Scaling;

/// <summary>
/// Two nodes' transactions that take the same rows in opposite orders deadlock on PostgreSQL, and the engine aborts one
/// of them. The store's aborted unit of work runs again on what the other left, so the caller never sees the collision.
/// </summary>
public class TransactionConflictTests
{
    [PostgresFact]
    public async Task ADeclineAbortedByADeadlockWithAnotherNodeRunsAgainAndGivesTheCreditsBackOnce()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        await using var store = await StoreScenarios.StartWithScriptedPaymentsAsync();
        // An order whose charge never reached the processor: its payment stays pending, its 3 credits held.
        var quote = await store.QuoteAsync(credits: 3);
        await store.PlaceAsync(quote.Id, StoreScenarios.NewKey(), SandboxPaymentProcessor.ProcessorError);
        var order = Assert.Single(await store.OrdersAsync());
        Assert.Equal(3, await store.SoldTodayAsync());

        // The other node's transaction holds the payment row first (it never runs the deadlock check itself, so the
        // store's transaction is the one PostgreSQL aborts).
        await using var otherNode = new NpgsqlConnection(database.ConnectionString);
        await otherNode.OpenAsync();
        await using var other = await otherNode.BeginTransactionAsync();
        await ExecuteAsync(otherNode, other, "SET LOCAL deadlock_timeout = '60s'");
        await ExecuteAsync(otherNode, other, $"UPDATE \"PaymentLedger\" SET \"State\" = \"State\" WHERE \"OrderId\" = '{order.Id}'");

        // The store declines the order: it gives the day's credits back (locking that row), then waits for the payment row.
        var declining = Task.Run(() => store.Get<PaymentSettlement>().ApplyChargeAsync(order.Id, charge: null, default));
        await WaitForALockWaitAsync(database);
        // The other node now wants the day's row: a deadlock, and the store's transaction is rolled back.
        await ExecuteAsync(otherNode, other, "UPDATE \"DailySales\" SET \"Sold\" = \"Sold\"");
        await other.CommitAsync();

        await declining.WaitAsync(TimeSpan.FromSeconds(30));
        var declined = Assert.Single(await store.OrdersAsync());
        Assert.Equal(OrderStatus.Declined, declined.Status);
        Assert.Equal(PaymentState.Failed, Assert.Single(await store.PaymentsAsync()).State);
        // Given back once, not once per try.
        Assert.Equal(0, await store.SoldTodayAsync());
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Until some session of this database waits for a row lock (bounded).</summary>
    private static async Task WaitForALockWaitAsync(PostgresTestDatabase database)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await database.ScalarAsync<long>(
                   "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 0)
            await Task.Delay(20, deadline.Token);
    }
}
