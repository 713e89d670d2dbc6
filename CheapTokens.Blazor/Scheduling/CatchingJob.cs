using Quartz;

namespace CheapTokens.Blazor.Scheduling;

/// <summary>
/// A job that catches its own failures: it logs them and leaves the next run to try again, so one bad run
/// never reaches Quartz or stops a trigger. Subclasses must be idempotent.
/// </summary>
public abstract class CatchingJob(ILogger logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var span = Telemetry.StoreTracing.StartJob(GetType().Name);
        try
        {
            await RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "{Job} failed; its next run tries again", GetType().Name);
        }
    }

    protected abstract Task RunAsync(CancellationToken cancellationToken);
}
