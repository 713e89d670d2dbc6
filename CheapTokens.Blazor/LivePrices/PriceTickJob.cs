using Quartz;
using CheapTokens.Blazor.Scheduling;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>Each tick computes the board and publishes it to the feed. Overlapping runs are refused.</summary>
[DisallowConcurrentExecution]
public sealed class PriceTickJob(PriceBoard board, PriceFeed feed, ILogger<PriceTickJob> logger) : IJob, IStartupJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await TickAsync(cancellationToken);

    public Task RunAtStartupAsync(CancellationToken cancellationToken) => TickAsync(cancellationToken);

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            feed.Publish(await board.ComputeAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next tick tries again; the feed keeps showing the last good board meanwhile.
            logger.LogError(ex, "Price tick failed");
        }
    }
}
