using System.Net;
using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Security;

/// <summary>
/// Card-testing defence: declined payments are counted per quote and per client address, and once either count reaches
/// its limit (<c>RateLimits:FailedPaymentsPerQuote</c>, <c>RateLimits:FailedPaymentsPerHour</c>) further payments are
/// refused with 429 until the window ends. ASP.NET Core's limiter counts requests; this counts outcomes (declines:
/// server-side charges, and cards declined in the page as the processor's webhook reports them), so honest buyers are
/// never slowed down. Fixed one-hour windows on the app's clock, kept in the store's database (one atomic upsert per
/// decline), so every node sees the same counts.
/// </summary>
public sealed class FailedPaymentLimits(IOptions<RateLimitOptions> options, IDbContextFactory<StoreDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>How long this caller must wait before paying for this quote again; null when they may pay now.</summary>
    public Task<TimeSpan?> RetryAfterAsync(IPAddress? clientIp, Guid quoteId, CancellationToken cancellationToken) =>
        RetryAfterAsync(AddressOf(clientIp), quoteId, cancellationToken);

    /// <inheritdoc cref="RetryAfterAsync(IPAddress?, Guid, CancellationToken)"/>
    public async Task<TimeSpan?> RetryAfterAsync(string clientAddress, Guid quoteId, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return null;
        var now = clock.GetUtcNow();
        var limits = Keys(clientAddress, quoteId).ToDictionary(k => k.Key, k => k.Limit, StringComparer.Ordinal);
        var keys = limits.Keys.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.FailedPaymentCounts.AsNoTracking().Where(c => keys.Contains(c.Key) && c.WindowEndsAt > now).ToListAsync(cancellationToken);
        var blocking = counts.Where(c => c.Count >= limits[c.Key]).Select(c => c.WindowEndsAt - now).ToList();
        return blocking.Count > 0 ? blocking.Max() : null;
    }

    /// <summary>A payment for this quote from this address was declined.</summary>
    public Task RecordFailureAsync(IPAddress? clientIp, Guid quoteId, CancellationToken cancellationToken) =>
        RecordFailureAsync(AddressOf(clientIp), quoteId, cancellationToken);

    /// <inheritdoc cref="RecordFailureAsync(IPAddress?, Guid, CancellationToken)"/>
    public async Task RecordFailureAsync(string clientAddress, Guid quoteId, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // As each engine stores an instant (see InstantColumns): timestamptz on PostgreSQL, sortable UTC text on SQLite.
        var postgres = db.Database.IsNpgsql();
        object Instant(DateTimeOffset value) => postgres ? value.ToUniversalTime() : UtcTimestampConverter.ToText(value);
        var (nowText, endsText) = (Instant(now), Instant(now + Window));
        foreach (var (key, _) in Keys(clientAddress, quoteId))
        {
            // One statement per key: a new window, or one more in the current one, whichever node counts it.
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                 INSERT INTO "FailedPaymentCounts" ("Key", "Count", "WindowEndsAt") VALUES ({key}, 1, {endsText})
                 ON CONFLICT ("Key") DO UPDATE SET
                   "Count" = CASE WHEN "FailedPaymentCounts"."WindowEndsAt" <= {nowText} THEN 1 ELSE "FailedPaymentCounts"."Count" + 1 END,
                   "WindowEndsAt" = CASE WHEN "FailedPaymentCounts"."WindowEndsAt" <= {nowText} THEN {endsText} ELSE "FailedPaymentCounts"."WindowEndsAt" END
                 """, cancellationToken);
        }
        // Ended windows count for nothing: dropped as declines come in, so the table stays as small as the hour's declines.
        await db.FailedPaymentCounts.Where(c => c.WindowEndsAt <= now).ExecuteDeleteAsync(cancellationToken);
    }

    public static string AddressOf(IPAddress? clientIp) => clientIp?.ToString() ?? "unknown";

    private IEnumerable<(string Key, int Limit)> Keys(string clientAddress, Guid quoteId)
    {
        yield return ($"quote:{quoteId:N}", options.Value.FailedPaymentsPerQuote);
        yield return ($"ip:{clientAddress}", options.Value.FailedPaymentsPerHour);
    }
}
