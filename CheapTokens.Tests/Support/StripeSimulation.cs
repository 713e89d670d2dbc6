using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using CheapTokens.Blazor.Payments.Stripe;
using CheapTokens.StandIns.Stripe;
using CheapTokens.Blazor.Payments.Webhooks;
using CheapTokens.Core.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Support;

/// <summary>
/// The store's host for card payments: the Stripe stand-in on (its keys generated into the test's data folder), a fake
/// clock, every log line captured, each attempt of the store's Stripe client recorded, and a recording
/// <see cref="IPaymentSettlement"/> in place of the store's ledger.
/// </summary>
public static class StripeSimulation
{
    public static Task<StoreHost> StartAsync(Action<StripeOptions>? configure = null, IDictionary<string, string?>? settings = null,
        string? dataDirectory = null, FakeTimeProvider? clock = null, Action<StripeStandInOptions>? standIn = null)
    {
        var all = new Dictionary<string, string?>
        {
            // Short enough that a held answer times a test's call out quickly, long enough for a loaded machine.
            ["Payments:Stripe:TimeoutSeconds"] = "5",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return StoreHost.StartAsync(all, clock ?? new FakeTimeProvider(StoreHost.Afternoon), services =>
        {
            var logs = new CapturingLoggerProvider();
            services.AddSingleton(logs);
            services.AddLogging(logging => logging.AddProvider(logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Debug));
            services.AddSingleton<StripeRequestLog>();
            services.AddHttpClient(StripeClientSource.HttpClientName)
                .AddHttpMessageHandler(sp => new RecordingHandler(sp.GetRequiredService<StripeRequestLog>()));
            services.AddSingleton<RecordingPaymentSettlement>();
            services.AddSingleton<IPaymentSettlement>(sp => sp.GetRequiredService<RecordingPaymentSettlement>());
            if (configure is not null) services.PostConfigure(configure);
            if (standIn is not null) services.PostConfigure(standIn);
        }, dataDirectory);
    }

    public static StripePaymentProcessor Processor(this StoreHost host) => host.Get<StripePaymentProcessor>();

    public static StripeOptions StripeOptions(this StoreHost host) => host.Get<IOptions<StripeOptions>>().Value;

    public static StripeStandInOptions StandInOptions(this StoreHost host) => host.Get<IOptions<StripeStandInOptions>>().Value;

    public static StripeStandInFaults StandInFaults(this StoreHost host) => host.Get<StripeStandInFaults>();

    public static RecordingPaymentSettlement Settlement(this StoreHost host) => host.Get<RecordingPaymentSettlement>();

    public static IReadOnlyList<StripeRequest> StripeRequests(this StoreHost host) => host.Get<StripeRequestLog>().Requests;

    public static CapturingLoggerProvider StripeLogs(this StoreHost host) => host.Get<CapturingLoggerProvider>();

    public static ChargeRequest Charge(Guid orderId, string? method, string? key = null, decimal amount = 12.34m) =>
        new(orderId, amount, method, key ?? Guid.NewGuid().ToString(), "CheapTokens order " + orderId);

    /// <summary>A raw HTTP client on the stand-in (base ends in /stripe-sim/v1/), with the given bearer.</summary>
    public static HttpClient StandInClient(this StoreHost host, string? bearer)
    {
        var http = new HttpClient { BaseAddress = new Uri(host.BaseAddress, StripeStandInEndpoints.BasePath + "/v1/") };
        if (bearer is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return http;
    }

    /// <summary>POSTs a form to the stand-in with an optional Idempotency-Key.</summary>
    public static async Task<(int Status, JsonElement Body)> PostFormAsync(this HttpClient http, string path,
        IEnumerable<KeyValuePair<string, string>> form, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    public static async Task<(int Status, JsonElement Body)> GetJsonAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private sealed class RecordingHandler(StripeRequestLog log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var key = request.Headers.TryGetValues("Idempotency-Key", out var values) ? values.Single() : null;
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                log.Add(new StripeRequest(request.Method.Method, request.RequestUri!.AbsolutePath, key, (int)response.StatusCode));
                return response;
            }
            catch
            {
                log.Add(new StripeRequest(request.Method.Method, request.RequestUri!.AbsolutePath, key, null));
                throw;
            }
        }
    }
}

/// <summary>One attempt of the store's Stripe client; no status when it got no answer (timed out).</summary>
public sealed record StripeRequest(string Method, string Path, string? IdempotencyKey, int? StatusCode);

public sealed class StripeRequestLog
{
    private readonly ConcurrentQueue<StripeRequest> _requests = new();

    public IReadOnlyList<StripeRequest> Requests => _requests.ToArray();

    public void Add(StripeRequest request) => _requests.Enqueue(request);
}

/// <summary>
/// Stands in for the store's ledger: records each settlement it is asked for (and calls nothing, so a test's own
/// calls to the stand-in are the only ones). Tests wait for a number of calls without sleeping.
/// </summary>
public sealed class RecordingPaymentSettlement : IPaymentSettlement
{
    private readonly List<Settled> _calls = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

    /// <summary>How many of the next calls throw, to exercise the webhook inbox's retries.</summary>
    public int FailNext { get; set; }

    public IReadOnlyList<Settled> Calls
    {
        get { lock (_calls) return _calls.ToList(); }
    }

    public Task SettleChargeAsync(string chargeId, CancellationToken cancellationToken) => RecordAsync("charge", chargeId, cancellationToken);

    public Task SettleRefundAsync(string chargeId, CancellationToken cancellationToken) => RecordAsync("refund", chargeId, cancellationToken);

    /// <summary>Completes once at least <paramref name="count"/> calls were recorded (fails after 20 s).</summary>
    public async Task<IReadOnlyList<Settled>> WaitForAsync(int count)
    {
        TaskCompletionSource done;
        lock (_calls)
        {
            if (_calls.Count >= count) return _calls.ToList();
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
        }
        await done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return Calls;
    }

    private Task RecordAsync(string kind, string chargeId, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            if (FailNext > 0)
            {
                FailNext--;
                throw new InvalidOperationException("Settlement failed (test).");
            }
        }
        lock (_calls)
        {
            _calls.Add(new Settled(kind, chargeId));
            foreach (var waiter in _waiters.Where(w => _calls.Count >= w.Count).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
        return Task.CompletedTask;
    }
}

public sealed record Settled(string Kind, string ChargeId);
