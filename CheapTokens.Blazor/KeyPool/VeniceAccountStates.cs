using CheapTokens.Blazor.Provisioning;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Provisioning;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.KeyPool;

/// <summary>What the store knows of one Venice account in this process: its creation pacing and its active keys.</summary>
public sealed class VeniceAccountState(string name, KeyCreationPacer pacer, int maxLiveKeys)
{
    private int _liveKeys;

    public string Name { get; } = name;

    public KeyCreationPacer Pacer { get; } = pacer;

    public int MaxLiveKeys { get; } = maxLiveKeys;

    /// <summary>Active keys as last listed from Venice, plus creations and less revocations since.</summary>
    public int LiveKeys => Volatile.Read(ref _liveKeys);

    public bool HasRoom => LiveKeys < MaxLiveKeys;

    /// <summary>The pool fell under its low-water mark and is being filled back up to its size.</summary>
    public bool Refilling { get; set; }

    public void KeyCreated() => Interlocked.Increment(ref _liveKeys);

    public void KeyRevoked()
    {
        int seen;
        do seen = Volatile.Read(ref _liveKeys);
        while (seen > 0 && Interlocked.CompareExchange(ref _liveKeys, seen - 1, seen) != seen);
    }

    /// <summary>Venice's own count (from a listing) replaces the running tally.</summary>
    public void SetLiveKeys(int count) => Volatile.Write(ref _liveKeys, Math.Max(0, count));
}

/// <summary>Every account's state; pacing, the active-key cap and the pool are per account.</summary>
public sealed class VeniceAccountStates
{
    private readonly Dictionary<string, VeniceAccountState> _byName;

    public VeniceAccountStates(VeniceAccounts accounts, IOptions<ProvisioningOptions> provisioning, IOptions<KeyPoolOptions> pool)
    {
        All = accounts.Names
            .Select(name => new VeniceAccountState(name, new KeyCreationPacer(provisioning.Value.KeyCreationsPerMinute), pool.Value.MaxActiveKeysPerAccount))
            .ToList();
        _byName = All.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        Accounts = accounts;
    }

    public VeniceAccounts Accounts { get; }

    public IReadOnlyList<VeniceAccountState> All { get; }

    public VeniceAccountState Default => All[0];

    public VeniceAccountState Get(string? name) => _byName.TryGetValue(Accounts.Resolve(name), out var state) ? state : Default;

    /// <summary>
    /// The account a new key should be minted on at <paramref name="now"/>: among those under their active-key cap,
    /// the one whose pacing lets it create soonest, then the one with the most room. Null when every account is full.
    /// </summary>
    public VeniceAccountState? ChooseForMint(DateTimeOffset now) =>
        All.Where(a => a.HasRoom)
            .OrderBy(a => a.Pacer.WaitBeforeNext(now))
            .ThenByDescending(a => a.MaxLiveKeys - a.LiveKeys)
            .FirstOrDefault();
}
