namespace CheapTokens.Bench;

/// <summary>
/// While the window runs, GET /api/prices one request at a time every few hundred ms: does the rest of the
/// store stay fast while the live clients are served?
/// </summary>
public sealed class ApiProbe : IAsyncDisposable
{
    private readonly List<double> _latencies = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;
    private readonly Task _loop;
    private int _failures;

    private ApiProbe(Uri baseUrl, int intervalMs)
    {
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        _loop = intervalMs > 0 ? RunAsync(intervalMs) : Task.CompletedTask;
    }

    public static ApiProbe Start(Uri baseUrl, int intervalMs) => new(baseUrl, intervalMs);

    private async Task RunAsync(int intervalMs)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(intervalMs));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var clock = new Clock();
                try
                {
                    using var response = await _http.GetAsync("api/prices", _stop.Token);
                    await response.Content.ReadAsByteArrayAsync(_stop.Token);
                    if (response.IsSuccessStatusCode) _latencies.Add(clock.ElapsedMs);
                    else _failures++;
                }
                catch (HttpRequestException) { _failures++; }
                catch (TaskCanceledException) when (!_stop.IsCancellationRequested) { _failures++; }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Stops the probe and returns the latencies of GET /api/prices in the window (null when it did not run).</summary>
    public async Task<(Distribution? Latency, int Failures)> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return (Distribution.Of(_latencies), _failures);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _http.Dispose();
        _stop.Dispose();
    }
}
