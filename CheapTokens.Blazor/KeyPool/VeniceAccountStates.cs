using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Provisioning;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.KeyPool;

/// <summary>Every account's state; pacing, the active-key cap and the pool are per account.</summary>
public sealed class VeniceAccountStates
{
    private readonly Dictionary<string, VeniceAccountState> _byName;

    public VeniceAccountStates(VeniceAccounts accounts, IOptions<KeyCreationPace> pace, IOptions<KeyPoolOptions> pool)
    {
        All = accounts.Names
            .Select(name => new VeniceAccountState(name, new KeyCreationPacer(pace.Value.PerMinute), pool.Value.MaxActiveKeysPerAccount))
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
    public async Task<VeniceAccountState?> ChooseForMintAsync(IKeyCreationBudget budget, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidates = new List<(VeniceAccountState Account, TimeSpan Wait)>();
        foreach (var account in All.Where(a => a.HasRoom)) candidates.Add((account, await budget.WaitBeforeNextAsync(account, now, cancellationToken)));
        return candidates.OrderBy(c => c.Wait).ThenByDescending(c => c.Account.MaxLiveKeys - c.Account.LiveKeys).Select(c => c.Account).FirstOrDefault();
    }
}
