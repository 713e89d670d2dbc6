using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Security;

/// <summary>
/// Card-testing defence: declined payments are counted per quote and per client IP, and once either count reaches
/// its limit (<c>RateLimits:FailedPaymentsPerQuote</c>, <c>RateLimits:FailedPaymentsPerHour</c>) further payments are
/// refused with 429 until the window ends. ASP.NET Core's limiter counts requests; this counts outcomes (402 answers),
/// so honest buyers are never slowed down. Fixed one-hour windows, in memory, on the app's clock.
/// </summary>
public sealed class FailedPaymentLimits(IOptions<RateLimitOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Past this many tracked addresses and quotes, ended windows are dropped on the next failure.</summary>
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>How long this caller must wait before paying for this quote again; null when they may pay now.</summary>
    public TimeSpan? RetryAfter(IPAddress? clientIp, Guid quoteId)
    {
        if (!options.Value.Enabled) return null;
        var now = clock.GetUtcNow();
        TimeSpan? wait = null;
        foreach (var (key, limit) in Keys(clientIp, quoteId))
        {
            if (!_counters.TryGetValue(key, out var counter)) continue;
            lock (counter)
            {
                if (counter.WindowEnds > now && counter.Count >= limit && (wait is null || counter.WindowEnds - now > wait)) wait = counter.WindowEnds - now;
            }
        }
        return wait;
    }

    /// <summary>A payment for this quote from this address was declined.</summary>
    public void RecordFailure(IPAddress? clientIp, Guid quoteId)
    {
        if (!options.Value.Enabled) return;
        var now = clock.GetUtcNow();
        if (_counters.Count > SweepAbove) Sweep(now);
        foreach (var (key, _) in Keys(clientIp, quoteId))
        {
            var counter = _counters.GetOrAdd(key, _ => new Counter());
            lock (counter)
            {
                if (counter.WindowEnds <= now)
                {
                    counter.WindowEnds = now + Window;
                    counter.Count = 0;
                }
                counter.Count++;
            }
        }
    }

    private IEnumerable<(string Key, int Limit)> Keys(IPAddress? clientIp, Guid quoteId)
    {
        yield return ($"quote:{quoteId:N}", options.Value.FailedPaymentsPerQuote);
        yield return ($"ip:{clientIp?.ToString() ?? "unknown"}", options.Value.FailedPaymentsPerHour);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, counter) in _counters)
        {
            bool ended;
            lock (counter) ended = counter.WindowEnds <= now;
            if (ended) _counters.TryRemove(new KeyValuePair<string, Counter>(key, counter));
        }
    }

    private sealed class Counter
    {
        public DateTimeOffset WindowEnds;
        public int Count;
    }
}
