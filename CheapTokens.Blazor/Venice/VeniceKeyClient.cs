using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Http;
using CheapTokens.Core.Venice;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace CheapTokens.Blazor.Venice;

/// <summary>
/// Typed HttpClient over Venice's /api_keys. The admin key travels only in the Authorization header;
/// neither it nor a minted key ever reaches a log line or an exception message.
/// </summary>
public sealed class VeniceKeyClient : IVeniceKeyClient
{
    public const int MaxDescriptionLength = 64;

    private readonly HttpClient _http;
    private readonly VeniceOptions _options;
    private readonly ILogger<VeniceKeyClient> _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeProvider _time;
    private readonly IVeniceCallRecorder? _recorder;

    /// <remarks>
    /// The base URL is <see cref="HttpClient.BaseAddress"/> when set (AddVenice sets it), else Venice:BaseUrl,
    /// which must then be absolute.
    /// </remarks>
    [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor]
    public VeniceKeyClient(
        HttpClient http, IOptions<VeniceOptions> options, TimeProvider time, ILogger<VeniceKeyClient> logger, IVeniceCallRecorder? recorder = null)
        : this(http, options.Value, time, logger, recorder)
    {
    }

    /// <summary>A client for one account: <paramref name="options"/> carries that account's admin key.</summary>
    /// <param name="recorder">Gets every attempt made inside a <see cref="VeniceCallScope"/>, after the call.</param>
    public VeniceKeyClient(HttpClient http, VeniceOptions options, TimeProvider time, ILogger<VeniceKeyClient> logger, IVeniceCallRecorder? recorder = null)
    {
        _http = http;
        _options = options;
        _logger = logger;
        _time = time;
        _recorder = recorder;
        _pipeline = VeniceRetryPolicy.Build(_options, time, logger);
    }

    public async Task<VeniceKey> CreateInferenceKeyAsync(VeniceKeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Description) || request.Description.Length > MaxDescriptionLength)
        {
            throw new ArgumentException($"Description must be 1 to {MaxDescriptionLength} characters.", nameof(request));
        }
        if (request.ConsumptionLimit <= 0)
        {
            throw new ArgumentException("ConsumptionLimit must be greater than 0.", nameof(request));
        }

        var body = new VeniceCreateKeyWire(
            VeniceNames.InferenceKeyType,
            request.Description,
            request.LimitUnit == VeniceLimitUnit.Usd ? new(request.ConsumptionLimit, null) : new(null, request.ConsumptionLimit),
            VeniceJson.FormatTimestamp(request.ExpiresAt),
            request.LimitPeriod);

        const string operation = "create key";
        var trace = CallTrace.Start(operation, null);
        VeniceCreatedKeyWire? created;
        try
        {
            using var response = await SendAsync(operation, trace, HttpMethod.Post, "api_keys", body, cancellationToken);
            created = (await ReadAsync<VeniceDataWire<VeniceCreatedKeyWire>>(response, "create key", cancellationToken)).Data;
            if (created is null || string.IsNullOrEmpty(created.Id) || string.IsNullOrEmpty(created.ApiKey))
            {
                throw new VeniceException("Venice create key answered without a key id or key.", (int)response.StatusCode, isTransient: false);
            }
            if (trace is not null) trace.CreatedKeyId = created.Id;
        }
        finally
        {
            await RecordAsync(trace);
        }

        _logger.LogInformation("Minted Venice key {KeyId}", created.Id);
        var expiresAt = VeniceJson.TryParseTimestamp(created.ExpiresAt, out var parsed) ? parsed : (DateTimeOffset?)null;
        return new VeniceKey(created.Id, created.ApiKey, created.Description ?? request.Description, expiresAt);
    }

    public async Task<VeniceKeySummary> UpdateKeyAsync(VeniceKeyUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrWhiteSpace(update.Id);
        if (string.IsNullOrWhiteSpace(update.Description) || update.Description.Length > MaxDescriptionLength)
        {
            throw new ArgumentException($"Description must be 1 to {MaxDescriptionLength} characters.", nameof(update));
        }
        var body = new VeniceUpdateKeyWire(
            update.Id,
            update.Description,
            update.LimitUnit == VeniceLimitUnit.Usd ? new(update.ConsumptionLimit, null) : new(null, update.ConsumptionLimit),
            VeniceJson.FormatTimestamp(update.ExpiresAt),
            update.LimitPeriod);
        const string operation = "update key";
        var trace = CallTrace.Start(operation, update.Id);
        VeniceKeyInfoWire key;
        try
        {
            using var response = await SendAsync(operation, trace, HttpMethod.Patch, "api_keys", body, cancellationToken);
            key = (await ReadAsync<VeniceDataWire<VeniceKeyInfoWire>>(response, "update key", cancellationToken)).Data
                  ?? throw new VeniceException("Venice update key answered without the key.", (int)response.StatusCode, isTransient: false);
        }
        finally
        {
            await RecordAsync(trace);
        }
        _logger.LogInformation("Updated Venice key {KeyId}", key.Id);
        return ToSummary(key);
    }

    /// <summary>INFERENCE keys only, so a reconciler can never revoke the admin key by mistake.</summary>
    public async Task<IReadOnlyList<VeniceKeySummary>> ListKeysAsync(CancellationToken cancellationToken)
    {
        const string operation = "list keys";
        var trace = CallTrace.Start(operation, null);
        VeniceDataWire<List<VeniceKeyInfoWire>> list;
        try
        {
            using var response = await SendAsync(operation, trace, HttpMethod.Get, "api_keys", null, cancellationToken);
            list = await ReadAsync<VeniceDataWire<List<VeniceKeyInfoWire>>>(response, "list keys", cancellationToken);
        }
        finally
        {
            await RecordAsync(trace);
        }
        return (list.Data ?? [])
            .Where(key => string.Equals(key.ApiKeyType, VeniceNames.InferenceKeyType, StringComparison.OrdinalIgnoreCase))
            .Select(ToSummary)
            .ToList();
    }

    /// <summary>One key with its usage (Venice reports usage over the trailing seven days); null when gone.</summary>
    public async Task<VeniceKeySummary?> GetKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        const string operation = "get key";
        var trace = CallTrace.Start(operation, keyId);
        try
        {
            using var response = await SendAsync(operation, trace, HttpMethod.Get, $"api_keys/{Uri.EscapeDataString(keyId)}", null, cancellationToken, allowNotFound: true);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            var key = (await ReadAsync<VeniceDataWire<VeniceKeyInfoWire>>(response, "get key", cancellationToken)).Data;
            return key is null ? null : ToSummary(key);
        }
        finally
        {
            await RecordAsync(trace);
        }
    }

    public async Task RevokeKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        const string operation = "revoke key";
        var trace = CallTrace.Start(operation, keyId);
        try
        {
            using var response = await SendAsync(operation, trace, HttpMethod.Delete, $"api_keys?id={Uri.EscapeDataString(keyId)}", null, cancellationToken, allowNotFound: true);
            _logger.LogInformation(
                response.StatusCode == HttpStatusCode.NotFound ? "Venice key {KeyId} was already gone" : "Revoked Venice key {KeyId}",
                keyId);
        }
        finally
        {
            await RecordAsync(trace);
        }
    }

    private static VeniceKeySummary ToSummary(VeniceKeyInfoWire key)
    {
        var used = key.Usage?.TrailingSevenDays;
        return new VeniceKeySummary(
            key.Id,
            key.Description ?? "",
            VeniceJson.TryParseTimestamp(key.ExpiresAt, out var expiresAt) ? expiresAt : null,
            key.ConsumptionLimits?.Diem,
            VeniceJson.ParseAmount(used?.Diem),
            key.ConsumptionLimits?.Usd,
            VeniceJson.ParseAmount(used?.Usd));
    }

    /// <summary>Sends through the retry pipeline; returns only a success (or an allowed 404), else throws VeniceException.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        string operation, CallTrace? trace, HttpMethod method, string relativePath, object? body, CancellationToken cancellationToken, bool allowNotFound = false)
    {
        var uri = new Uri(BaseUri(), relativePath);
        HttpResponseMessage response;
        var attempt = 0;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempt++;
                    var at = _time.GetUtcNow();
                    var started = _time.GetTimestamp();
                    // A request message cannot be sent twice, so every attempt builds its own.
                    using var request = new HttpRequestMessage(method, uri);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AdminKey);
                    if (body is not null) request.Content = JsonContent.Create(body, options: VeniceJson.Options);
                    HttpResponseMessage answer;
                    try
                    {
                        answer = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                    }
                    catch (Exception ex) when (trace is not null && ex is HttpRequestException or OperationCanceledException)
                    {
                        var outcome = ex is HttpRequestException ? "no answer" : cancellationToken.IsCancellationRequested ? "cancelled" : "timed out";
                        trace.Add(at, attempt, null, outcome, null, _time.GetElapsedTime(started));
                        throw;
                    }
                    if (trace is not null)
                    {
                        var elapsed = _time.GetElapsedTime(started);
                        var status = answer.StatusCode;
                        var (outcome, error) = answer.IsSuccessStatusCode ? ("ok", null)
                            : allowNotFound && status == HttpStatusCode.NotFound ? ("already gone", null)
                            : (!VeniceRetryPolicy.IsTransient(status) ? "refused" : attempt <= _options.MaxRetries ? "retried" : "failed",
                                await ReadErrorAsync(answer, token));
                        trace.Add(at, attempt, (int)status, outcome, error, elapsed);
                    }
                    return answer;
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            _logger.LogError("Venice {Operation} failed after retries: {Failure}", operation, ex.GetType().Name);
            throw new VeniceException($"Venice {operation} failed after retries: {ex.GetType().Name}.", null, isTransient: true, ex);
        }

        if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound))
        {
            return response;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var transient = VeniceRetryPolicy.IsTransient(response.StatusCode);
            var reason = await ReadErrorAsync(response, cancellationToken);
            _logger.LogError("Venice {Operation} failed with HTTP {Status}: {Reason}", operation, status, reason);
            throw new VeniceException(
                transient ? $"Venice {operation} failed with HTTP {status} after retries: {reason}" : $"Venice {operation} refused with HTTP {status}: {reason}",
                status,
                transient);
        }
    }

    private async Task RecordAsync(CallTrace? trace)
    {
        if (trace is null || _recorder is null) return;
        // After the call, never inside it; the recorder swallows its own failures, and nothing here may fail the caller.
        try
        {
            await _recorder.RecordAsync(trace.Calls());
        }
        catch (Exception ex)
        {
            _logger.LogWarning("Could not record Venice calls: {Failure}", ex.GetType().Name);
        }
    }

    /// <summary>The attempts of one call made for an order (inside a <see cref="VeniceCallScope"/>); null outside any.</summary>
    private sealed class CallTrace
    {
        private readonly Guid _orderId;

        private CallTrace(Guid orderId, string operation, string? keyId)
        {
            _orderId = orderId;
            Operation = operation;
            KeyId = keyId;
        }

        public static CallTrace? Start(string operation, string? keyId) =>
            VeniceCallScope.CurrentOrderId is { } orderId ? new CallTrace(orderId, operation, keyId) : null;

        public string Operation { get; }

        /// <summary>The key's public id, known before the call.</summary>
        public string? KeyId { get; }

        /// <summary>The id a create got back: only its successful attempt made that key.</summary>
        public string? CreatedKeyId { get; set; }

        private readonly List<(DateTimeOffset At, int Attempt, int? Status, string Outcome, string? Error, TimeSpan Elapsed)> _attempts = [];

        public void Add(DateTimeOffset at, int attempt, int? status, string outcome, string? error, TimeSpan elapsed)
        {
            lock (_attempts) _attempts.Add((at, attempt, status, outcome, error, elapsed));
        }

        public IReadOnlyList<VeniceCall> Calls()
        {
            lock (_attempts)
            {
                return _attempts.Select(a => new VeniceCall(_orderId, a.At, Operation, a.Outcome == "ok" ? KeyId ?? CreatedKeyId : KeyId, a.Attempt, a.Status, a.Outcome, a.Error,
                    (int)Math.Min(int.MaxValue, Math.Round(a.Elapsed.TotalMilliseconds)))).ToList();
            }
        }
    }

    private Uri BaseUri()
    {
        var baseUri = _http.BaseAddress
            ?? AbsoluteHttpUrl.Parse(_options.BaseUrl)
            ?? throw new InvalidOperationException(
                "Venice:BaseUrl must be an absolute URL (e.g. http://127.0.0.1:5000/venice-sim/api/v1 for the simulator).");
        // A trailing slash makes relative paths append instead of replacing the last segment.
        return baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(VeniceJson.Options, cancellationToken)
                ?? throw new VeniceException($"Venice {operation} answered an empty body.", (int)response.StatusCode, isTransient: false);
        }
        catch (JsonException)
        {
            // The exception text could quote the body, which may hold a minted key: keep it out.
            throw new VeniceException($"Venice {operation} answered malformed JSON.", (int)response.StatusCode, isTransient: false);
        }
    }

    /// <summary>Venice's {"error": "..."} text, shortened and with the admin key blanked in case it is echoed back.</summary>
    private async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            var raw = await response.Content.ReadAsStringAsync(cancellationToken);
            text = JsonSerializer.Deserialize<VeniceErrorWire>(raw, VeniceJson.Options)?.Error ?? response.ReasonPhrase ?? "no reason given";
        }
        catch (JsonException)
        {
            text = response.ReasonPhrase ?? "unreadable error body";
        }
        if (!string.IsNullOrEmpty(_options.AdminKey)) text = text.Replace(_options.AdminKey, "***", StringComparison.Ordinal);
        return text.Length > 200 ? text[..200] : text;
    }
}
