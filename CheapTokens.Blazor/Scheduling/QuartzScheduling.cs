using CheapTokens.Blazor.Data;
using Quartz;

namespace CheapTokens.Blazor.Scheduling;

/// <summary>
/// A recurring job a feature asks the scheduler to run; registered with <see cref="SchedulingServiceCollectionExtensions.AddRecurringJob{TJob}"/>.
/// <paramref name="EveryNode"/>: with several nodes it runs on each of them (see <see cref="IEveryNodeJob"/>); otherwise on one.
/// </summary>
public sealed record RecurringJob(Type JobType, Func<IServiceProvider, TimeSpan> Interval, bool EveryNode = false);

/// <summary>A job whose work belongs to each node (its result lives in the node's memory), such as the price tick.</summary>
public interface IEveryNodeJob : IJob
{
    Task RunOnThisNodeAsync(CancellationToken cancellationToken);
}

/// <summary>Set when Quartz keeps its schedules in the shared database, as a cluster of nodes.</summary>
public sealed record SchedulerMode(bool Clustered);

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
    SchedulerMode mode,
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
        // Clustered, the shared store holds the singleton jobs; every-node jobs run on EveryNodeJobRunner instead.
        foreach (var job in recurringJobs.Where(j => !(mode.Clustered && j.EveryNode)))
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
    /// <summary>The recurring jobs' scheduling; Quartz itself is added by <see cref="AddSchedulerStore"/>, once the configuration is final.</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.AddHostedService<RecurringJobScheduler>();
        return services;
    }

    /// <summary>
    /// Quartz, hosted by its own hosted service (registered after the job scheduler above). On SQLite an in-memory store:
    /// durable schedules live in the app's database and are re-scheduled from it at start-up. With
    /// <c>Database:Provider</c> Postgres, Quartz keeps its schedules in the shared database as a cluster: each singleton
    /// job fires once per trigger on one node, and moves to another node when its node stops checking in; every-node
    /// jobs (the price tick) run on each node beside it. Called from StoreApp.Build, with the final configuration.
    /// </summary>
    public static IServiceCollection AddSchedulerStore(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(new SchedulerMode(database.IsPostgres));
        var node = Scaling.NodeIdentity.Of(services, configuration);
        services.AddQuartz(q =>
        {
            q.UseDefaultThreadPool(maxConcurrency: 4);
            // At shutdown Quartz waits for running jobs with a wait nothing can cut short, so each running job is told to
            // stop first: a job waiting out a Venice backoff or its pacing would otherwise hold the process (or a test
            // host on a clock nobody moves) forever. Every job is idempotent and resumes from the database.
            q.ConfigureScheduler(o => o.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
            if (!database.IsPostgres)
            {
                // Quartz keeps schedulers in a process-wide registry by name: a unique name keeps two hosts
                // in one process (tests, a restart in place) from sharing one scheduler.
                q.ConfigureScheduler(o => o.InstanceName = "CheapTokens-" + Guid.NewGuid().ToString("N"));
                q.UseInMemoryStore();
                return;
            }
            // One name on every node: the nodes of one cluster share their scheduler's rows. Each node's id is its name
            // (Scaling:NodeName, else host:port), so Quartz's tables and logs say which node holds what.
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = StoreDatabase.QuartzSchedulerName;
                o.InstanceId = node.Name;
            });
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(database.ConnectionString);
                // The tables come from the store's migration step (StoreDatabase), under the migration lock.
                store.ConfigureStore(o => o.TablePrefix = StoreDatabase.QuartzTablePrefix);
                store.UseClustering(cluster =>
                {
                    // A dead node's jobs move on after about 15 s (measured: 14.7 s with these two settings).
                    cluster.CheckinInterval = TimeSpan.FromSeconds(5);
                    cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(10);
                });
                store.UseSystemTextJsonSerializer();
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        if (database.IsPostgres) services.AddHostedService<EveryNodeJobRunner>();
        return services;
    }

    public static JobKey JobKeyOf<TJob>() where TJob : IJob => new(typeof(TJob).Name);

    /// <param name="interval">Read when the scheduler starts, so it comes from validated options.</param>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, Func<IServiceProvider, TimeSpan> interval) where TJob : class, IJob
    {
        services.AddScoped<TJob>();
        services.AddSingleton(new RecurringJob(typeof(TJob), interval, typeof(IEveryNodeJob).IsAssignableFrom(typeof(TJob))));
        if (typeof(IStartupJob).IsAssignableFrom(typeof(TJob))) services.AddSingleton(new StartupJob(typeof(TJob)));
        return services;
    }
}

/// <summary>
/// In a cluster, runs each every-node job on this node on its own interval (the shared Quartz store would run it on one
/// node only). Runs are never overlapped and a late one is not replayed, as with the in-memory triggers.
/// </summary>
internal sealed class EveryNodeJobRunner(IServiceProvider services, TimeProvider clock, IEnumerable<RecurringJob> jobs, ILogger<EveryNodeJobRunner> logger)
    : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Timers made here, while the host starts: the first run is one interval after start-up on the app's clock.
        var timers = jobs.Where(j => j.EveryNode).Select(job => (job, timer: new PeriodicTimer(job.Interval(services), clock))).ToList();
        _running = Task.WhenAll(timers.Select(t => RunAsync(t.job, t.timer, _stopping.Token)));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _running.WaitAsync(cancellationToken);
        _stopping.Dispose();
    }

    private async Task RunAsync(RecurringJob job, PeriodicTimer timer, CancellationToken stoppingToken)
    {
        using var _ = timer;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = services.CreateAsyncScope();
                    await ((IEveryNodeJob)scope.ServiceProvider.GetRequiredService(job.JobType)).RunOnThisNodeAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "{Job} failed on this node; its next run tries again", job.JobType.Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
