using Quartz;
using CheapTokens.Blazor.Scheduling;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>
/// Each tick computes the board and publishes it to the feed. Overlapping runs are refused. Every node ticks for
/// itself: the board is this node's pages' and hub clients', computed from the clock and the shared supply, so every
/// node shows the same price for the same second.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PriceTickJob(PriceBoard board, PriceFeed feed, ILogger<PriceTickJob> logger) : IEveryNodeJob, IStartupJob
{
    public Task RunOnThisNodeAsync(CancellationToken cancellationToken) => TickAsync(cancellationToken);

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
