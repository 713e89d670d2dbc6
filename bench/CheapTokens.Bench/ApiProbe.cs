namespace CheapTokens.Bench;

/// <summary>
/// While the window runs, GET /api/prices one request at a time every few hundred ms, and with <c>checkout</c> a
/// quote for 100 credits (<c>POST /api/quotes</c>, checkout's first step: the live price, the supply and a row
/// written) right after each: does the rest of the store stay fast while the live clients are served?
/// </summary>
public sealed class ApiProbe : IAsyncDisposable
{
    private readonly List<double> _latencies = [];
    private readonly List<double> _quoteLatencies = [];
    private readonly bool _checkout;
    private int _quoteFailures;
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;
    private readonly Task _loop;
    private int _failures;

    private ApiProbe(Uri baseUrl, int intervalMs, bool checkout)
    {
        _checkout = checkout;
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        _loop = intervalMs > 0 ? RunAsync(intervalMs) : Task.CompletedTask;
    }

    public static ApiProbe Start(Uri baseUrl, int intervalMs, bool checkout = false) => new(baseUrl, intervalMs, checkout);

    /// <summary>After <see cref="StopAsync"/>: the quotes' latencies (null when not probed) and failures.</summary>
    public (Distribution? Latency, int Failures) Quotes => (Distribution.Of(_quoteLatencies), _quoteFailures);

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
                if (_checkout) await QuoteAsync();
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task QuoteAsync()
    {
        var clock = new Clock();
        try
        {
            using var body = new StringContent("""{"credits":100}""", System.Text.Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync("api/quotes", body, _stop.Token);
            await response.Content.ReadAsByteArrayAsync(_stop.Token);
            if (response.IsSuccessStatusCode) _quoteLatencies.Add(clock.ElapsedMs);
            else _quoteFailures++;
        }
        catch (HttpRequestException) { _quoteFailures++; }
        catch (TaskCanceledException) when (!_stop.IsCancellationRequested) { _quoteFailures++; }
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
