using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Scheduling;
using CheapTokens.Core.Orders;
using Quartz;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// Wakes the provisioning worker when a pass run's first date begins. The run's MintAt is stored with the
/// order, so this only keeps in-memory Quartz triggers: at start-up the worker re-reads every unfinished
/// order and asks again, which re-creates them.
/// </summary>
public sealed class MintSchedule(ISchedulerFactory schedulerFactory, TimeProvider clock, ILogger<MintSchedule> logger)
{
    public async Task WakeAtAsync(Guid orderKeyId, DateTimeOffset mintAt, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var triggerKey = new TriggerKey($"mint-{orderKeyId:N}");
        if (await scheduler.Exists(triggerKey, cancellationToken)) return;
        var trigger = TriggerBuilder.Create(clock)
            .WithIdentity(triggerKey)
            .ForJob(SchedulingServiceCollectionExtensions.JobKeyOf<MintDueRunsJob>())
            .StartAt(mintAt)
            // Late (the app was down at that instant): fire as soon as possible.
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(trigger, default, cancellationToken);
        logger.LogInformation("Key run {OrderKeyId} will be minted at {MintAt:O}", orderKeyId, mintAt);
    }
}

/// <summary>
/// Hands every run whose time has come (by the app's clock) to the provisioning queue. Fired by the exact triggers above,
/// and every minute as a safety net. Idempotent: the worker mints each run once.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MintDueRunsJob(OrderStore orders, IProvisioningQueue queue, TimeProvider clock, ILogger<MintDueRunsJob> logger)
    : CatchingJob(logger)
{
    protected override Task RunAsync(CancellationToken cancellationToken) => EnqueueDueRunsAsync(cancellationToken);

    /// <returns>How many orders were handed to the worker.</returns>
    public async Task<int> EnqueueDueRunsAsync(CancellationToken cancellationToken)
    {
        var due = (await orders.ListRunsDueAsync(clock.GetUtcNow(), cancellationToken)).Select(r => r.OrderId).Distinct().ToList();
        foreach (var orderId in due) queue.Enqueue(orderId);
        return due.Count;
    }
}
