using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Hosting;

public class StoreShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AJobWaitingOutAVeniceBackoffIsStoppedAtShutdownRatherThanLeftRunning()
    {
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        var logs = new CapturingLoggerProvider();
        var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["KeyPool:Enabled"] = "true",
            ["KeyPool:Size"] = "2",
            ["KeyPool:LowWaterMark"] = "2",
            ["KeyPool:RefillIntervalSeconds"] = "1",
            ["Venice:MaxRetries"] = "3",
            // A minute (on the store's clock, which nobody moves while it stops) before the refill's next try.
            ["Venice:RetryBaseDelayMs"] = "60000",
        }, clock, s => s.AddSingleton<ILoggerProvider>(logs));
        host.Simulator().InjectFaults(fail500: 1000);

        // The refill job fires, its key creation fails, and it waits out the backoff.
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!logs.Lines.Any(line => line.Contains("Venice call failed (HTTP 500); retry 1", StringComparison.Ordinal)))
            {
                clock.Advance(TimeSpan.FromMilliseconds(200));
                await Task.Delay(20, deadline.Token);
            }
        }

        // Off the test's thread: the scheduler's wait for running jobs blocks the caller of StopAsync.
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var stopping = Task.Run(async () => await host.DisposeAsync());
        var first = await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.True(first == stopping, "The store did not stop within 30 s while a job waited on its clock.");
        await stopping;
        // The job was told to stop and did, before the scheduler's store closed: not abandoned mid-run when the host's
        // shutdown time ran out.
        Assert.DoesNotContain(logs.Lines, line => line.Contains("gave up waiting for its running jobs", StringComparison.Ordinal));
        foreach (var l in logs.Lines) output.WriteLine(l);
        output.WriteLine("stopped in " + sw.Elapsed);
    }
}
