namespace CheapTokens.Core.Time;

/// <summary>
/// Wakes one waiting loop early: a background sender or reader that otherwise polls on a timer. Signals while nobody
/// waits collapse into one, so a burst of writes costs one wake-up.
/// </summary>
public abstract class WakeSignal
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

    /// <summary>Returns when notified or when <paramref name="timeout"/> has passed on <paramref name="clock"/>.</summary>
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
