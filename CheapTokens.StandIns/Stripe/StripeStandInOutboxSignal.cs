namespace CheapTokens.StandIns.Stripe;

/// <summary>Wakes the webhook sender when an event was written.</summary>
public sealed class StripeStandInOutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            if (_signal.CurrentCount == 0) _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = timeout == Timeout.InfiniteTimeSpan ? Task.Delay(Timeout.Infinite, wake.Token) : Task.Delay(timeout, clock, wake.Token);
        var signalled = _signal.WaitAsync(wake.Token);
        await Task.WhenAny(delay, signalled);
        await wake.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
