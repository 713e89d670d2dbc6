namespace CheapTokens.Core.Provisioning;

/// <summary>
/// Keeps key creation under Venice's limit (about 20 per minute) with a sliding one-minute window.
/// Pure bookkeeping: the caller supplies the time and does the waiting.
/// </summary>
public sealed class KeyCreationPacer(int creationsPerMinute)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _recent = new();

    public int CreationsPerMinute { get; } = creationsPerMinute > 0
        ? creationsPerMinute
        : throw new ArgumentOutOfRangeException(nameof(creationsPerMinute), "Must be at least 1.");

    /// <summary>Average spacing at full pace, used to estimate a queue's wait.</summary>
    public TimeSpan Spacing => Window / CreationsPerMinute;

    /// <summary>How long to wait at <paramref name="now"/> before the next creation may start.</summary>
    public TimeSpan WaitBeforeNext(DateTimeOffset now)
    {
        lock (_recent)
        {
            while (_recent.Count > 0 && now - _recent.Peek() >= Window) _recent.Dequeue();
            return _recent.Count < CreationsPerMinute ? TimeSpan.Zero : _recent.Peek() + Window - now;
        }
    }

    public void RecordCreation(DateTimeOffset at)
    {
        lock (_recent) _recent.Enqueue(at);
    }

    /// <summary>Takes a slot only if one is free at <paramref name="now"/> (check and record in one step); never waits.</summary>
    public bool TryTakeSlot(DateTimeOffset now)
    {
        lock (_recent)
        {
            if (WaitBeforeNext(now) > TimeSpan.Zero) return false;
            _recent.Enqueue(now);
            return true;
        }
    }

    /// <summary>Creations inside the one-minute window ending at <paramref name="now"/>.</summary>
    public int RecentCreations(DateTimeOffset now) => RecentCount(now);

    /// <summary>Rough wait for the buyer at <paramref name="position"/> (0 = next) in the queue.</summary>
    public TimeSpan EstimateWait(int position, DateTimeOffset now)
    {
        var first = WaitBeforeNext(now);
        var ahead = Math.Max(0, position - (CreationsPerMinute - RecentCount(now)));
        return first + Spacing * ahead;
    }

    private int RecentCount(DateTimeOffset now)
    {
        lock (_recent) return _recent.Count(t => now - t < Window);
    }
}
