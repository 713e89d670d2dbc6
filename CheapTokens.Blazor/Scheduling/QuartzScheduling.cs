using Quartz;

namespace CheapTokens.Blazor.Scheduling;

/// <summary>A recurring job a feature asks the scheduler to run; registered with <see cref="SchedulingServiceCollectionExtensions.AddRecurringJob{TJob}"/>.</summary>
public sealed record RecurringJob(Type JobType, Func<IServiceProvider, TimeSpan> Interval);

/// <summary>A job also run once at start-up; see <see cref="IStartupJob"/>.</summary>
public sealed record StartupJob(Type JobType);

/// <summary>Work run once, before the scheduler starts and before the app takes requests.</summary>
public interface IStartupJob
{
    Task RunAtStartupAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Quartz takes the app's <see cref="TimeProvider"/> from the container, so triggers are built on the same clock.
/// Runs the start-up jobs, then schedules each recurring job on Quartz's own scheduler (started by Quartz's
/// hosted service, registered after this one). Intervals come from validated options, so they are read here
/// rather than when services are registered.
/// </summary>
internal sealed class RecurringJobScheduler(
    IServiceProvider services,
    ISchedulerFactory schedulerFactory,
    TimeProvider clock,
    IEnumerable<RecurringJob> recurringJobs,
    IEnumerable<StartupJob> startupJobs,
    ILogger<RecurringJobScheduler> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Work that must be done before the first request (e.g. the first price board) runs synchronously here.
        foreach (var startupJob in startupJobs)
        {
            await using var scope = services.CreateAsyncScope();
            await ((IStartupJob)scope.ServiceProvider.GetRequiredService(startupJob.JobType)).RunAtStartupAsync(cancellationToken);
        }

        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        foreach (var job in recurringJobs)
        {
            // Durable, so features may add one-off triggers of their own to the same job.
            var detail = JobBuilder.Create().OfType(job.JobType).WithIdentity(new JobKey(job.JobType.Name)).StoreDurably().Build();
            var interval = job.Interval(services);
            var trigger = TriggerBuilder.Create(clock)
                .WithIdentity(job.JobType.Name + ".trigger")
                // First run one interval in: a start-up job has just run, and the others then find the app
                // listening (the simulated Venice is served by the app itself).
                .StartAt(clock.GetUtcNow() + interval)
                // A tick missed while the process was busy is skipped, not replayed.
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build();
            await scheduler.ScheduleJob(detail, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
        }
        logger.LogInformation("Scheduled {Count} recurring jobs", recurringJobs.Count());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>Quartz, hosted by its own hosted service, with an in-memory store: durable schedules live in the
    /// app's database and are re-scheduled from it at start-up.</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.AddHostedService<RecurringJobScheduler>();
        services.AddQuartz(q =>
        {
            // Quartz keeps schedulers in a process-wide registry by name: a unique name keeps two hosts
            // in one process (tests, a restart in place) from sharing one scheduler.
            q.ConfigureScheduler(o => o.InstanceName = "CheapTokens-" + Guid.NewGuid().ToString("N"));
            q.UseDefaultThreadPool(maxConcurrency: 4);
            q.UseInMemoryStore();
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    public static JobKey JobKeyOf<TJob>() where TJob : IJob => new(typeof(TJob).Name);

    /// <param name="interval">Read when the scheduler starts, so it comes from validated options.</param>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, Func<IServiceProvider, TimeSpan> interval) where TJob : class, IJob
    {
        services.AddScoped<TJob>();
        services.AddSingleton(new RecurringJob(typeof(TJob), interval));
        if (typeof(IStartupJob).IsAssignableFrom(typeof(TJob))) services.AddSingleton(new StartupJob(typeof(TJob)));
        return services;
    }
}
