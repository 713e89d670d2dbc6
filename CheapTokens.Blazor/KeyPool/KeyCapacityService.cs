using CheapTokens.Core.Orders;
using CheapTokens.Core.Provisioning;
using CheapTokens.Core.Time;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.KeyPool;

/// <summary>
/// The capacity rule at checkout: an order whose key could not reach the buyer before 00:00 UTC is not sold. Reads what
/// the store knows now (free pool keys, each account's pacing and active keys, paid orders still waiting for a key) and
/// applies <see cref="KeyCapacity.Compute"/>. Orders being placed right now hold one unit each until they are paid (then
/// they count as waiting), so racing buyers cannot take more than there is.
/// </summary>
public sealed class KeyCapacityService(
    KeyPoolStore pool,
    VeniceAccountStates accounts,
    IKeyCreationBudget budget,
    SharedAccountTallies tallies,
    IOptions<KeyPoolOptions> options,
    TimeProvider clock) : IKeyCapacity
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _checks = new(1, 1);
    private int _held;

    /// <summary>Today's capacity for the price board (once per tick), after taking in the other nodes' key counts.</summary>
    public async Task<KeyCapacitySnapshot> ComputeAsync(CancellationToken cancellationToken)
    {
        await tallies.SyncAsync(cancellationToken);
        var held = Held;
        return await ComputeAsync(held, cancellationToken);
    }

    private int Held
    {
        get
        {
            lock (_gate) return _held;
        }
    }

    /// <param name="held">
    /// Holds counted before the database is read: an order held then and paid since is counted twice (low by one for a
    /// moment), never missed, which reading them after could do.
    /// </param>
    private async Task<KeyCapacitySnapshot> ComputeAsync(int held, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var midnight = UtcDay.NextMidnight(now);
        var settings = options.Value;
        // Waiting runs first: a claim landing between the two reads then makes the result low by one, never high.
        var waiting = await pool.CountWaitingRunsAsync(now, cancellationToken);
        var free = settings.Enabled ? await pool.CountFreeAsync(midnight, cancellationToken) : new Dictionary<string, int>();
        var inputs = new List<AccountCapacityInput>();
        foreach (var a in accounts.All)
        {
            inputs.Add(new AccountCapacityInput(a.Name, free.GetValueOrDefault(a.Name), a.LiveKeys, a.MaxLiveKeys, a.Pacer.CreationsPerMinute,
                await budget.RecentCreationsAsync(a, now, cancellationToken)));
        }
        return KeyCapacity.Compute(inputs, now, midnight, settings.HandOutMargin, waiting + held);
    }

    /// <summary>Whether a quote for <paramref name="quote"/> may be given now: it needs no key today, or one is left.</summary>
    public async Task<bool> CanQuoteAsync(Quote quote, CancellationToken cancellationToken) =>
        !NeedsKeyToday(quote) || (await ComputeAsync(cancellationToken)).OrdersLeft > 0;

    /// <summary>
    /// Holds one unit of today's capacity while an order on <paramref name="quote"/> is placed and paid; dispose the hold
    /// once the order is paid or has failed. Null when nothing is left: the order must not be sold.
    /// </summary>
    public async Task<IDisposable?> HoldAsync(Quote quote, CancellationToken cancellationToken)
    {
        if (!NeedsKeyToday(quote)) return new Hold(null);
        // One check at a time, so each sees every hold taken before it.
        await _checks.WaitAsync(cancellationToken);
        try
        {
            var capacity = await ComputeAsync(Held, cancellationToken);
            if (capacity.OrdersLeft <= 0) return null;
            lock (_gate) _held++;
        }
        finally
        {
            _checks.Release();
        }
        return new Hold(this);
    }

    /// <summary>A credits quote is for today; a pass needs a key today only when it covers today.</summary>
    private bool NeedsKeyToday(Quote quote)
    {
        var today = UtcDay.DateOf(clock.GetUtcNow());
        return quote.Product != Product.Pass || quote.Dates.Any(d => d.Date == today);
    }

    private void Release()
    {
        lock (_gate) _held = Math.Max(0, _held - 1);
    }

    private sealed class Hold(KeyCapacityService? owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) owner?.Release();
        }
    }
}
