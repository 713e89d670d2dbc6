using Quartz;
using Quartz.Impl;
using Quartz.Spi;
using System.Collections.Concurrent;
using System.Collections.Specialized;

namespace CheapTokens.Blazor.Scheduling;

/// <summary>A recurring job a feature asks the scheduler to run; registered with <see cref="SchedulingServiceCollectionExtensions.AddRecurringJob{TJob}"/>.</summary>
public sealed record RecurringJob(Type JobType, Func<IServiceProvider, TimeSpan> Interval);

/// <summary>
/// Hosts Quartz in-process (Quartz.Extensions.Hosting is not in the package feed). RAMJobStore only:
/// durable schedules live in the app's database and are re-scheduled from it at start-up.
/// </summary>
public sealed class QuartzHostedService(
    IServiceProvider services,
    IEnumerable<RecurringJob> recurringJobs,
    IEnumerable<StartupJob> startupJobs,
    ILogger<QuartzHostedService> logger) : IHostedService, ISchedulerAccessor
{
    private IScheduler? _scheduler;

    public IScheduler Scheduler => _scheduler ?? throw new InvalidOperationException("The scheduler has not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Work that must be done before the first request (e.g. the first price board) runs synchronously here.
        foreach (var startupJob in startupJobs)
        {
            await using var scope = services.CreateAsyncScope();
            await ((IStartupJob)scope.ServiceProvider.GetRequiredService(startupJob.JobType)).RunAtStartupAsync(cancellationToken);
        }

        var properties = new NameValueCollection
        {
            // Quartz keeps schedulers in a process-wide registry by name: a unique name keeps two hosts
            // in one process (tests, a restart in place) from sharing one scheduler.
            ["quartz.scheduler.instanceName"] = "CheapTokens-" + Guid.NewGuid().ToString("N"),
            ["quartz.threadPool.maxConcurrency"] = "4",
            ["quartz.jobStore.type"] = "Quartz.Simpl.RAMJobStore, Quartz",
        };
        _scheduler = await new StdSchedulerFactory(properties).GetScheduler(cancellationToken);
        _scheduler.JobFactory = new ScopedJobFactory(services);

        foreach (var job in recurringJobs)
        {
            // Durable, so features may add one-off triggers of their own to the same job.
            var detail = JobBuilder.Create(job.JobType).WithIdentity(new JobKey(job.JobType.Name)).StoreDurably().Build();
            var interval = job.Interval(services);
            var trigger = TriggerBuilder.Create()
                .WithIdentity(job.JobType.Name + ".trigger")
                // First run one interval in: a start-up job has just run, and the others then find the app
                // listening (the simulated Venice is served by the app itself).
                .StartAt(DateBuilder.FutureDate((int)interval.TotalMilliseconds, IntervalUnit.Millisecond))
                // A tick missed while the process was busy is skipped, not replayed.
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount())
                .Build();
            await _scheduler.ScheduleJob(detail, trigger, cancellationToken);
        }
        await _scheduler.Start(cancellationToken);
        logger.LogInformation("Scheduler started with {Count} recurring jobs", recurringJobs.Count());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is not null) await _scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
    }

    /// <summary>Resolves each job from its own DI scope and disposes the scope when the job returns.</summary>
    private sealed class ScopedJobFactory(IServiceProvider services) : IJobFactory
    {
        private readonly ConcurrentDictionary<IJob, IServiceScope> _scopes = new();

        public IJob NewJob(TriggerFiredBundle bundle, IScheduler scheduler)
        {
            var scope = services.CreateScope();
            var job = (IJob)scope.ServiceProvider.GetRequiredService(bundle.JobDetail.JobType);
            _scopes[job] = scope;
            return job;
        }

        public void ReturnJob(IJob job)
        {
            if (_scopes.TryRemove(job, out var scope)) scope.Dispose();
        }
    }
}

/// <summary>A job also run once at start-up; see <see cref="IStartupJob"/>.</summary>
public sealed record StartupJob(Type JobType);

/// <summary>The running scheduler, for features that schedule one-off jobs (e.g. minting at a future midnight).</summary>
public interface ISchedulerAccessor
{
    IScheduler Scheduler { get; }
}

/// <summary>Work run once, before the scheduler starts and before the app takes requests.</summary>
public interface IStartupJob
{
    Task RunAtStartupAsync(CancellationToken cancellationToken);
}

public static class SchedulingServiceCollectionExtensions
{
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.AddSingleton<QuartzHostedService>();
        services.AddSingleton<ISchedulerAccessor>(sp => sp.GetRequiredService<QuartzHostedService>());
        services.AddHostedService(sp => sp.GetRequiredService<QuartzHostedService>());
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
