using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// Runs the queries of a paid order's way to its key once at start-up, on ids that match nothing, so the first buyer
/// after a (re)start does not pay for compiling them. The rush bench showed why: the first order after start-up took
/// over a second from payment to key while later ones took tens of milliseconds, and because those queries first run
/// inside the order's write transaction, every other writer (the next orders, the pool refill) waited behind it.
/// Changes nothing: every lookup misses, the claim's conditional UPDATE matches no row, and the checkout's writes are
/// rehearsed in a transaction that is rolled back.
/// </summary>
public sealed class OrderPathWarmUp(
    OrderStore orders,
    OrderQueries queries,
    PaymentLedger ledger,
    QuoteService quotes,
    IdempotencyRecords idempotency,
    SalesGate sales,
    KeyPoolStore pool,
    VeniceAccountStates accounts,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<OrderPathWarmUp> logger) : BackgroundService
{
    /// <summary>Matches no order, run or key.</summary>
    private static readonly Guid Nobody = Guid.Empty;

    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Done (or given up) after start-up. A host whose clock is moved by hand (the tests) waits for it, so a warm-up
    /// call to Venice is never cut short by a moved clock and reported as a Venice failure.
    /// </summary>
    public Task Completed => _completed.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WarmUpAfterStartAsync(stoppingToken);
        }
        finally
        {
            _completed.TrySetResult();
        }
    }

    private async Task WarmUpAfterStartAsync(CancellationToken stoppingToken)
    {
        // After start-up: migrations are applied, and the simulated Venice (served by this app) answers.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try { await started.Task; }
            catch (OperationCanceledException) { return; }
        }

        await WarmUpAsync(stoppingToken);
    }

    /// <summary>Every lookup once; none of them finds or changes anything.</summary>
    public async Task WarmUpAsync(CancellationToken stoppingToken)
    {
        var since = clock.GetTimestamp();
        // The checkout: its lookups, then its writes (quote, supply, order, payment, idempotency record, the settlement)
        // on a made-up order, rolled back.
        await TryAsync(async () => await sales.CurrentAsync(stoppingToken));
        await TryAsync(() => quotes.FindAsync(Nobody, stoppingToken));
        await TryAsync(() => idempotency.FindAsync("warm-up", stoppingToken));
        await TryAsync(async () =>
        {
            var now = clock.GetUtcNow();
            var quote = Quote.Create(1, 1m, now);
            var order = Order.Create(quote, "warm-up@example.invalid", "warm-up", "warm-up-" + Guid.NewGuid().ToString("N"), now);
            var payment = Payment.Start(order.Id, order.Total, "warm-up", now);
            var record = idempotency.ForOrder(order.IdempotencyKey, "warm-up", order);
            await ledger.RehearsePlacementAsync(quote, order, payment, record, "ch_warm_up", now, stoppingToken);
            return true;
        });
        await TryAsync(() => orders.FindAsync(Nobody, stoppingToken));
        await TryAsync(() => queries.GetByTokenAsync("warm-up", stoppingToken));
        await TryAsync(() => orders.ChangeAsync(Nobody, _ => { }, stoppingToken));
        await TryAsync(() => ledger.ChangeAsync(Nobody, (_, _) => Task.CompletedTask, stoppingToken));
        await TryAsync(() => pool.FindClaimAsync(Nobody, stoppingToken));
        // No pool key expires at the epoch: the UPDATE claims nothing.
        await TryAsync(() => pool.TryClaimAsync(Nobody, DateTimeOffset.UnixEpoch, clock.GetUtcNow(), stoppingToken));
        await TryAsync(() => pool.CountWaitingRunsAsync(clock.GetUtcNow(), stoppingToken));
        // The Venice client's path (HTTP connection, retry pipeline, JSON) with a read that finds nothing.
        foreach (var name in accounts.Accounts.Names)
            await TryAsync(() => accounts.Accounts.ClientFor(name).GetKeyAsync("warm-up", stoppingToken));
        logger.LogInformation("Order path warmed up in {WarmUpMs:0} ms", clock.GetElapsedTime(since).TotalMilliseconds);
    }

    private async Task TryAsync<T>(Func<Task<T>> lookup)
    {
        try
        {
            await lookup();
        }
        catch (KeyNotFoundException)
        {
            // Expected: the id matches nothing.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug(ex, "A warm-up lookup failed; the first order compiles it instead");
        }
    }
}
