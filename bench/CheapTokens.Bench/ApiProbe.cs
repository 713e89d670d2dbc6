namespace CheapTokens.Bench;

/// <summary>
/// While the window runs, GET /api/prices one request at a time every few hundred ms, and with <c>checkout</c> a
/// quote for 100 credits (<c>POST /api/quotes</c>, checkout's first step: the live price, the supply and a row
/// written) right after each: does the rest of the store stay fast while the live clients are served?
/// </summary>
public sealed class ApiProbe : IAsyncDisposable
{
    private readonly Timings _prices = new();
    private readonly Timings _quotes = new();
    private readonly bool _checkout;
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;
    private readonly Task _loop;

    private ApiProbe(Uri baseUrl, int intervalMs, bool checkout)
    {
        _checkout = checkout;
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        _loop = intervalMs > 0 ? RunAsync(intervalMs) : Task.CompletedTask;
    }

    public static ApiProbe Start(Uri baseUrl, int intervalMs, bool checkout = false) => new(baseUrl, intervalMs, checkout);

    /// <summary>After <see cref="StopAsync"/>: the quotes' latencies (null when not probed) and failures.</summary>
    public (Distribution? Latency, int Failures) Quotes => (Distribution.Of(_quotes.Latencies), _quotes.Failures);

    private async Task RunAsync(int intervalMs)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(intervalMs));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await TimeAsync(_prices, token => _http.GetAsync("api/prices", token));
                if (_checkout)
                {
                    using var body = new StringContent("""{"credits":100}""", System.Text.Encoding.UTF8, "application/json");
                    await TimeAsync(_quotes, token => _http.PostAsync("api/quotes", body, token));
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task TimeAsync(Timings timings, Func<CancellationToken, Task<HttpResponseMessage>> send)
    {
        var clock = new Clock();
        try
        {
            using var response = await send(_stop.Token);
            await response.Content.ReadAsByteArrayAsync(_stop.Token);
            if (response.IsSuccessStatusCode) timings.Latencies.Add(clock.ElapsedMs);
            else timings.Failures++;
        }
        catch (HttpRequestException) { timings.Failures++; }
        catch (TaskCanceledException) when (!_stop.IsCancellationRequested) { timings.Failures++; }
    }

    /// <summary>Stops the probe and returns the latencies of GET /api/prices in the window (null when it did not run).</summary>
    public async Task<(Distribution? Latency, int Failures)> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return (Distribution.Of(_prices.Latencies), _prices.Failures);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _http.Dispose();
        _stop.Dispose();
    }

    private sealed class Timings
    {
        public List<double> Latencies { get; } = [];
        public int Failures { get; set; }
    }
}
