using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Provisioning;

namespace CheapTokens.Blazor.KeyPool;

/// <summary>
/// What the store knows of one Venice account in this process: its creation pacing and its active keys. With several
/// nodes the active-key count is also shared (<see cref="SharedAccountTallies"/>): changes made here wait as "unshared"
/// until the next sync adds them to the shared count and takes the other nodes' changes in.
/// </summary>
public sealed class VeniceAccountState(string name, KeyCreationPacer pacer, int maxLiveKeys)
{
    private readonly Lock _gate = new();
    private int _liveKeys;
    private int _unsharedDelta;
    private int? _unsharedCount;

    public string Name { get; } = name;

    public KeyCreationPacer Pacer { get; } = pacer;

    public int MaxLiveKeys { get; } = maxLiveKeys;

    /// <summary>Active keys as last listed from Venice, plus creations and less revocations since.</summary>
    public int LiveKeys
    {
        get
        {
            lock (_gate) return _liveKeys;
        }
    }

    public bool HasRoom => LiveKeys < MaxLiveKeys;

    /// <summary>The pool fell under its low-water mark and is being filled back up to its size.</summary>
    public bool Refilling { get; set; }

    public void KeyCreated()
    {
        lock (_gate)
        {
            _liveKeys++;
            _unsharedDelta++;
        }
    }

    public void KeyRevoked()
    {
        lock (_gate)
        {
            if (_liveKeys == 0) return;
            _liveKeys--;
            _unsharedDelta--;
        }
    }

    /// <summary>Venice's own count (from a listing) replaces the running tally.</summary>
    public void SetLiveKeys(int count)
    {
        lock (_gate)
        {
            _liveKeys = Math.Max(0, count);
            _unsharedCount = _liveKeys;
            _unsharedDelta = 0;
        }
    }

    /// <summary>What changed here since the last sync: a new count from a listing, if any, then creations less revocations.</summary>
    internal (int? Count, int Delta) TakeUnshared()
    {
        lock (_gate)
        {
            var taken = (_unsharedCount, _unsharedDelta);
            (_unsharedCount, _unsharedDelta) = (null, 0);
            return taken;
        }
    }

    /// <summary>A sync failed: what it took is kept for the next one.</summary>
    internal void ReturnUnshared((int? Count, int Delta) taken)
    {
        lock (_gate)
        {
            if (_unsharedCount is null && taken.Count is { } count) _unsharedCount = count;
            _unsharedDelta += taken.Delta;
        }
    }

    /// <summary>The count all nodes share, plus what changed here since it was read.</summary>
    internal void AdoptShared(int shared)
    {
        lock (_gate) _liveKeys = Math.Max(0, (_unsharedCount ?? shared) + _unsharedDelta);
    }
}
