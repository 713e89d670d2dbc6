namespace CheapTokens.Blazor.KeyPool;

/// <summary>
/// Each Venice account's key creations per minute (Provisioning:KeyCreationsPerMinute), one budget for the pool refill
/// and for orders minting their own keys. On one node it is this process's pacer; on several nodes (PostgreSQL) every
/// node takes its slots from the same budget in the database, so the account's limit holds whatever the number of nodes.
/// </summary>
public interface IKeyCreationBudget
{
    /// <summary>Takes a slot only if one is free at <paramref name="now"/> (check and record in one step); never waits.</summary>
    Task<bool> TryTakeSlotAsync(VeniceAccountState account, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>How long to wait at <paramref name="now"/> before the account's next creation may start.</summary>
    Task<TimeSpan> WaitBeforeNextAsync(VeniceAccountState account, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Creations on the account inside the one-minute window ending at <paramref name="now"/>.</summary>
    Task<int> RecentCreationsAsync(VeniceAccountState account, DateTimeOffset now, CancellationToken cancellationToken);
}
