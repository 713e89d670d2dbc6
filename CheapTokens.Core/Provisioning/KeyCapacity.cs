namespace CheapTokens.Core.Provisioning;

/// <summary>What one Venice account can still give today, as the store knows it at one instant.</summary>
/// <param name="Name">The account's configured name.</param>
/// <param name="PoolKeysLeft">Unclaimed pool keys ready for today (they already count in <paramref name="LiveKeys"/>).</param>
/// <param name="LiveKeys">Active keys on the account (pool keys, sold keys not yet expired, pass keys).</param>
/// <param name="MaxLiveKeys">Venice's active-key cap for the account (500).</param>
/// <param name="CreationsPerMinute">The pace keys may be created at on this account.</param>
/// <param name="RecentCreations">Creations in the last minute, which hold slots of the current window.</param>
public sealed record AccountCapacityInput(
    string Name,
    int PoolKeysLeft,
    int LiveKeys,
    int MaxLiveKeys,
    int CreationsPerMinute,
    int RecentCreations);

/// <summary>One account's share of today's capacity.</summary>
/// <param name="Mintable">Keys pacing can still create before the hand-out cut-off, within the account's cap.</param>
public sealed record AccountCapacity(string Name, int PoolKeysLeft, int Mintable)
{
    public int Total => PoolKeysLeft + Mintable;
}

/// <summary>How many more orders the store can put a key in the hands of before 00:00 UTC.</summary>
/// <param name="OrdersLeft">Keys it can still hand out today, less the paid orders already waiting for one; never negative.</param>
public sealed record KeyCapacitySnapshot(DateTimeOffset AsOf, int OrdersLeft, IReadOnlyList<AccountCapacity> Accounts);

/// <summary>
/// Today's key capacity: for each account, the pool keys left plus what pacing can still mint before midnight (less a
/// hand-out margin, since a key minted in the last seconds would reach the buyer too late), bounded by the room under
/// the account's active-key cap; summed over accounts, less the paid orders still waiting for a key. Pure arithmetic.
/// </summary>
public static class KeyCapacity
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <param name="now">The instant it is computed for.</param>
    /// <param name="midnight">The next 00:00 UTC, when every key sold today expires.</param>
    /// <param name="handOutMargin">The last stretch before midnight in which no key is minted for an order.</param>
    /// <param name="waitingOrders">Paid orders whose key for today is not in their hands yet.</param>
    public static KeyCapacitySnapshot Compute(
        IReadOnlyList<AccountCapacityInput> accounts, DateTimeOffset now, DateTimeOffset midnight, TimeSpan handOutMargin, int waitingOrders)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var perAccount = accounts.Select(a => new AccountCapacity(a.Name, Math.Max(0, a.PoolKeysLeft), Mintable(a, now, midnight - handOutMargin))).ToList();
        var ordersLeft = Math.Max(0, perAccount.Sum(a => a.Total) - Math.Max(0, waitingOrders));
        return new KeyCapacitySnapshot(now, ordersLeft, perAccount);
    }

    /// <summary>
    /// Creations that fit between <paramref name="now"/> and <paramref name="cutOff"/>: the slots the current window has
    /// free now, then a full window's worth for every further whole minute; at most the room left under the cap.
    /// </summary>
    public static int Mintable(AccountCapacityInput account, DateTimeOffset now, DateTimeOffset cutOff)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (cutOff <= now) return 0;
        var perMinute = Math.Max(0, account.CreationsPerMinute);
        var freeNow = Math.Clamp(perMinute - account.RecentCreations, 0, perMinute);
        var laterMinutes = (long)((cutOff - now).Ticks / Minute.Ticks);
        var slots = freeNow + laterMinutes * perMinute;
        var room = Math.Max(0, account.MaxLiveKeys - account.LiveKeys);
        return (int)Math.Min(slots, room);
    }
}

/// <summary>Port: today's key capacity as the store knows it now (the app's is the key pool's capacity service).</summary>
public interface IKeyCapacity
{
    Task<KeyCapacitySnapshot> ComputeAsync(CancellationToken cancellationToken);
}
