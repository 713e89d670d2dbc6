namespace CheapTokens.Blazor.KeyPool;

/// <summary>One node (SQLite): the budget is each account's pacer in this process.</summary>
public sealed class LocalKeyCreationBudget : IKeyCreationBudget
{
    public Task<bool> TryTakeSlotAsync(VeniceAccountState account, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(account.Pacer.TryTakeSlot(now));

    public Task<TimeSpan> WaitBeforeNextAsync(VeniceAccountState account, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(account.Pacer.WaitBeforeNext(now));

    public Task<int> RecentCreationsAsync(VeniceAccountState account, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(account.Pacer.RecentCreations(now));
}
