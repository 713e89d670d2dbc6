using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Http;

/// <summary>The "Noise" configuration section: how much unauthenticated noise reaches the log.</summary>
public sealed class RequestNoiseOptions
{
    public const string SectionName = "Noise";

    /// <summary>Lines logged per kind of noise per minute; the rest of that minute is summed up in one line.</summary>
    public int LinesPerMinute { get; set; } = 5;

    public IReadOnlyList<string> Validate() =>
        LinesPerMinute is < 1 or > 10_000 ? [$"{SectionName}:{nameof(LinesPerMinute)} must be between 1 and 10000."] : [];
}

/// <summary>The kinds of noise counted apart, each with its own budget of lines per minute.</summary>
public static class NoiseKinds
{
    public const string WebhookSignature = "refused Stripe webhooks";
    public const string MalformedRequest = "malformed requests";
}

/// <summary>
/// Anyone can send requests that fail a signature or do not parse, without authenticating, as fast as they like: a
/// line for each would let them fill the log and bury what matters. Per kind, the first
/// <see cref="RequestNoiseOptions.LinesPerMinute"/> of each minute are logged by the caller; the rest are counted, and
/// when the minute ends one line says how many were left out.
/// </summary>
public sealed class RequestNoiseLog(IOptions<RequestNoiseOptions> options, TimeProvider clock, ILogger<RequestNoiseLog> logger) : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Minute> _minutes = new(StringComparer.Ordinal);

    private sealed class Minute(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;
        public int Logged { get; set; }
        public int Suppressed { get; set; }
        public ITimer? Summary { get; set; }
    }

    /// <summary>Whether the caller should log this occurrence of <paramref name="kind"/>; if not, it is counted for the summary.</summary>
    public bool ShouldLog(string kind)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (!_minutes.TryGetValue(kind, out var minute) || now >= minute.Start + Window)
            {
                if (minute is not null) Summarize(kind, minute);
                _minutes[kind] = minute = new Minute(now);
            }
            if (minute.Logged < options.Value.LinesPerMinute)
            {
                minute.Logged++;
                return true;
            }
            minute.Suppressed++;
            // The summary is written when the minute ends, even if nothing else arrives to notice that it has.
            minute.Summary ??= clock.CreateTimer(_ => SummarizeIfCurrent(kind, minute), null, minute.Start + Window - now, Timeout.InfiniteTimeSpan);
            return false;
        }
    }

    private void SummarizeIfCurrent(string kind, Minute minute)
    {
        lock (_gate)
        {
            Summarize(kind, minute);
        }
    }

    private void Summarize(string kind, Minute minute)
    {
        minute.Summary?.Dispose();
        minute.Summary = null;
        if (minute.Suppressed == 0) return;
        logger.LogWarning("{Count} more {Kind} in the minute from {Start:O} were not logged", minute.Suppressed, kind, minute.Start);
        minute.Suppressed = 0;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var minute in _minutes.Values) minute.Summary?.Dispose();
        }
    }
}
