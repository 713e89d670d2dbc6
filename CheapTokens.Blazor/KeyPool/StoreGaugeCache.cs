using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.KeyPool;

/// <summary>
/// The few gauge values that live only in the database (credits held by unpaid orders, free pool keys), read every
/// Telemetry:GaugeRefreshSeconds while Telemetry:Enabled, so a scrape (however frequent) never queries the database.
/// </summary>
public sealed class StoreGaugeCache(
    IDbContextFactory<StoreDbContext> databases,
    KeyPoolStore pool,
    IOptions<KeyPoolOptions> poolOptions,
    IOptions<TelemetryOptions> options,
    TimeProvider clock,
    ILogger<StoreGaugeCache> logger) : BackgroundService
{
    private volatile IReadOnlyDictionary<string, int> _freePoolKeys = new Dictionary<string, int>();
    private long _heldUnpaid = -1;

    /// <summary>Null until the first refresh.</summary>
    public long? HeldUnpaidCredits => Interlocked.Read(ref _heldUnpaid) is >= 0 and var held ? held : null;

    public IReadOnlyDictionary<string, int> FreePoolKeys => _freePoolKeys;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var every = TimeSpan.FromSeconds(options.Value.GaugeRefreshSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The gauges keep their last values; the next round tries again.
                logger.LogWarning("Could not refresh the cached gauges: {Failure}", ex.GetType().Name);
            }
            try
            {
                await Task.Delay(every, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var held = await db.Orders.Where(o => o.Status == OrderStatus.Created && o.HoldsSupply).SumAsync(o => (long?)o.Credits, cancellationToken) ?? 0;
            Interlocked.Exchange(ref _heldUnpaid, held);
        }
        _freePoolKeys = poolOptions.Value.Enabled
            ? await pool.CountFreeAsync(UtcDay.NextMidnight(clock.GetUtcNow()), cancellationToken)
            : new Dictionary<string, int>();
    }
}
