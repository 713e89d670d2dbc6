using CheapTokens.Blazor.Scheduling;
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
