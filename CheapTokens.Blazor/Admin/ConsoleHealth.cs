using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Payments;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Admin;

/// <summary>One Venice account: active keys against its cap, and key creations in the last minute against Venice's pace.</summary>
public sealed record AccountHealth(string Name, int LiveKeys, int MaxLiveKeys, int CreationsLastMinute, int CreationsPerMinute);

/// <summary>The store's health for the console: Venice accounts, the provisioning line, payments, the last problems.</summary>
/// <param name="QueueDepth">Key runs due now whose orders are paid and waiting for the worker.</param>
/// <param name="OldestWait">How long the first of them has waited; null when none waits.</param>
/// <param name="PaymentsPending">Payments without a final answer yet (charges in doubt, charges waiting for the buyer, refunds asked for).</param>
/// <param name="VeniceThrottling">Venice's throttles the store waited out: not problems, but worth seeing when they pile up.</param>
public sealed record HealthSnapshot(
    IReadOnlyList<AccountHealth> Accounts,
    int QueueDepth,
    TimeSpan? OldestWait,
    int PaymentsPending,
    IReadOnlyList<RecentProblem> VeniceProblems,
    IReadOnlyList<RecentProblem> PaymentProblems,
    VeniceThrottling? VeniceThrottling = null);

public sealed class ConsoleHealth(
    VeniceAccountStates accounts,
    OrderStore orders,
    IDbContextFactory<StoreDbContext> dbFactory,
    RecentProblems problems,
    TimeProvider clock)
{
    public async Task<HealthSnapshot> ComputeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await orders.ListRunsDueAsync(now, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var unsettled = Payment.Unsettled;
        var pending = await db.Payments.CountAsync(p => unsettled.Contains(p.State), cancellationToken);
        return new HealthSnapshot(
            accounts.All.Select(a => new AccountHealth(a.Name, a.LiveKeys, a.MaxLiveKeys, a.Pacer.RecentCreations(now), a.Pacer.CreationsPerMinute)).ToList(),
            due.Count,
            due.Count == 0 ? null : now - due.Min(r => r.MintAt),
            pending,
            problems.Latest(ProblemSource.Venice),
            problems.Latest(ProblemSource.Payments),
            problems.Throttling);
    }
}
