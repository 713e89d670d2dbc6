using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Support;

/// <summary>Moves a fake clock while background work waits on it (backoff, pacing, timeouts), instead of sleeping.</summary>
public static class ClockDriver
{
    /// <summary>Advances <paramref name="clock"/> by <paramref name="step"/> whenever <paramref name="work"/> has not finished, until it does.</summary>
    public static async Task<T> DriveAsync<T>(this FakeTimeProvider clock, Task<T> work, TimeSpan? step = null, TimeSpan? timeout = null)
    {
        await clock.DriveAsync((Task)work, step, timeout);
        return await work;
    }

    public static async Task DriveAsync(this FakeTimeProvider clock, Task work, TimeSpan? step = null, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        // Give the work a moment of real time to reach its next wait before the clock moves again.
        while (await Task.WhenAny(work, Task.Delay(10, deadline.Token)) != work)
        {
            if (deadline.IsCancellationRequested) throw new TimeoutException("The work never finished while the clock was driven.");
            clock.Advance(step ?? TimeSpan.FromMilliseconds(100));
        }
        await work;
    }
}
