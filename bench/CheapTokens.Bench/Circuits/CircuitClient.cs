using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Bench.Circuits;

/// <summary>One render batch as it arrived: when, how big, how many components it re-rendered, and the tick it shows.</summary>
public readonly record struct BatchRecord(double AtUnixMs, int Bytes, int Diffs, string? Countdown, string? Price);

/// <summary>
/// A live page of "/" without a browser: what blazor.web.js (ASP.NET Core 10) does for an interactive-server page,
/// at the protocol level.
/// <list type="number">
/// <item>GET the page; take the server component markers (<c>&lt;!--Blazor:{"type":"server",...}--&gt;</c>, in document
/// order, numbered from 1 as the WebRootComponentManager numbers them) and the persisted state comment
/// (<c>&lt;!--Blazor-Server-Component-State:...--&gt;</c>); keep the cookies the page set.</item>
/// <item>Connect to <c>/_blazor</c> (negotiate, then WebSockets) with the "blazorpack" protocol;
/// <c>StartCircuit(baseUri, href, "[]", state)</c>: a Blazor Web page starts with no initial components.</item>
/// <item>When the server attaches its renderer (<c>Blazor._internal.attachWebRendererInterop</c>), send
/// <c>UpdateRootComponents</c> with one "add" per marker and the persisted state, then answer the call.</item>
/// <item>Acknowledge every render batch in order with <c>OnRenderCompleted(id, null)</c> (RenderQueue: the first
/// batch is 2; a batch seen before is acknowledged again; a batch ahead of the next one is left, as the browser
/// leaves it); answer every <c>JS.BeginInvokeJS</c> (see <see cref="JsInteropAnswers"/>).</item>
/// <item>Close like a closed tab: stop the connection and POST <c>_blazor/disconnect</c> with the circuit id (the
/// browser's <c>pagehide</c> beacon), so the server drops the circuit at once.</item>
/// </list>
/// Not simulated: the page's scripts and styles (a browser has them cached; the pages scenario measures the first
/// visit), DOM events, navigation, reconnection, and hiding the page (pages stay visible, never paused).
/// </summary>
public sealed partial class CircuitClient : IAsyncDisposable
{
    private readonly Uri _baseUrl;
    private readonly HttpClient _http;
    private readonly JsInteropAnswers _answers;
    private readonly CookieContainer _cookies = new();
    private readonly BlazorPackProtocol _protocol = new();
    private readonly List<BatchRecord> _batches = new(256);
    private readonly Lock _gate = new();
    private HubConnection? _connection;
    private string? _circuitId;
    private string _operations = "";
    private string _state = "";
    private bool _rootComponentsSent;
    private long _nextBatchId = 2;
    private bool _stopping;
    private long _sent;
    private long _jsCalls;
    private readonly TaskCompletionSource _firstBatch = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CircuitClient(Uri baseUrl, HttpClient http, JsInteropAnswers answers)
    {
        _baseUrl = baseUrl;
        _http = http;
        _answers = answers;
    }

    public int RootComponents { get; private set; }
    public string? Error { get; private set; }
    public bool Dropped { get; private set; }

    /// <summary>The status the server answered the disconnect beacon with (200: the circuit was disposed).</summary>
    public int? DisconnectStatus { get; private set; }
    public long ReceivedBytes => _protocol.ReceivedBytes;
    public long ReceivedMessages => _protocol.ReceivedMessages;
    public long SentMessages => Interlocked.Read(ref _sent);
    public long JsCalls => Interlocked.Read(ref _jsCalls);

    public List<BatchRecord> Batches
    {
        get { lock (_gate) return [.. _batches]; }
    }

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--\s*Blazor-Server-Component-State:([a-zA-Z0-9+/=]+)-->")]
    private static partial Regex PersistedState();

    [GeneratedRegex(@"^\d+:\d{2}:\d{2}$")]
    private static partial Regex Countdown();

    [GeneratedRegex(@"\d+\.\d{6}")]
    private static partial Regex Price();

    /// <summary>Loads the page, opens the circuit and waits for its first render batch.</summary>
    public async Task OpenAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        await LoadPageAsync(cts.Token);

        // Negotiate, then WebSockets, sending the page's cookies: what the browser's SignalR client does.
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(_baseUrl, "_blazor"), HttpTransportType.WebSockets, o => o.Cookies = _cookies);
        // The builder registers the JSON protocol by default; the connection uses the protocol registered last.
        builder.Services.AddSingleton<IHubProtocol>(_protocol);
        _connection = builder.Build();
        Register(_connection);
        _connection.Closed += e =>
        {
            if (!Volatile.Read(ref _stopping)) { Dropped = true; Error ??= e?.Message ?? "the server closed the connection"; }
            return Task.CompletedTask;
        };
        await _connection.StartAsync(cts.Token);
        _circuitId = await _connection.InvokeAsync<string?>("StartCircuit", _baseUrl.ToString(), _baseUrl.ToString(), "[]", _state, cts.Token);
        if (string.IsNullOrEmpty(_circuitId)) throw new InvalidOperationException(Error ?? "the server refused to start the circuit");
        using (cts.Token.Register(() => _firstBatch.TrySetCanceled()))
            await _firstBatch.Task;
    }

    private async Task LoadPageAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _baseUrl);
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var response = await _http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            foreach (var c in setCookies)
            {
                try { _cookies.SetCookies(_baseUrl, c); }
                catch (CookieException) { } // a cookie the browser would refuse too
            }
        var html = await response.Content.ReadAsStringAsync(ct);

        var operations = new JsonArray();
        var uniqueId = 0;
        foreach (Match m in Marker().Matches(html))
        {
            if (JsonNode.Parse(m.Groups[1].Value) is not JsonObject marker) continue;
            // End markers carry only the prerender id.
            if (marker["type"]?.GetValue<string>() is not { } type) continue;
            var id = uniqueId++;
            if (type != "server") continue;
            marker["uniqueId"] = id;
            operations.Add(new JsonObject
            {
                ["type"] = "add",
                ["ssrComponentId"] = operations.Count + 1,
                ["marker"] = marker,
            });
        }
        if (operations.Count == 0) throw new InvalidOperationException($"{_baseUrl} has no interactive server component markers");
        RootComponents = operations.Count;
        _operations = new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString();
        _state = PersistedState().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
    }

    private void Register(HubConnection c)
    {
        c.On<long, byte[]>("JS.RenderBatch", OnRenderBatch);
        c.On<long, string, string?, int, long, int>("JS.BeginInvokeJS", OnBeginInvokeJS);
        c.On<string>("JS.Error", error => { Error ??= "JS.Error: " + error; _firstBatch.TrySetException(new InvalidOperationException(Error)); });
        c.On<long>("JS.EndUpdateRootComponents", _ => { });
        c.On<string, bool, string?>("JS.EndInvokeDotNet", (_, _, _) => { });
        c.On<int, bool>("JS.EndLocationChanging", (_, _) => { });
        c.On<int, string>("JS.AttachComponent", (_, _) => { });
        // Asked only when the page pauses its circuit, which this client never does; a page answers true.
        c.On<string, string, string, bool>("JS.SavePersistedState", (_, _, _) => true);
    }

    private async Task OnBeginInvokeJS(long asyncHandle, string identifier, string? argsJson, int resultType, long targetInstanceId, int callType)
    {
        Interlocked.Increment(ref _jsCalls);
        // The renderer attaching is the moment blazor.web.js adds the page's root components (a microtask queued
        // by the attach, so UpdateRootComponents goes out before the attach call's own answer).
        if (identifier == "Blazor._internal.attachWebRendererInterop" && !_rootComponentsSent)
        {
            _rootComponentsSent = true;
            await SendAsync("UpdateRootComponents", _operations, _state);
        }
        if (asyncHandle == 0) return; // fire and forget: the browser sends nothing back
        var (succeeded, json) = _answers.Answer(asyncHandle, identifier, argsJson, resultType, targetInstanceId);
        await SendAsync("EndInvokeJSFromDotNet", asyncHandle, succeeded, json);
    }

    private async Task OnRenderBatch(long batchId, byte[] data)
    {
        var at = Clock.UnixMs();
        if (batchId < _nextBatchId)
        {
            // A batch sent again (after a reconnection): acknowledge it to get back in step.
            await SendAsync("OnRenderCompleted", batchId, null);
            return;
        }
        if (batchId > _nextBatchId) return; // the browser waits for the missing batch

        _nextBatchId++;
        string? error = null;
        try
        {
            var (diffs, frames) = RenderBatchReader.Read(data);
            string? countdown = null, price = null;
            foreach (var (name, value) in frames)
            {
                // The countdown to midnight: shown as "hh:mm:ss", or carried as seconds in data-seconds.
                if (countdown is null && name is null && value.Length <= 12 && Countdown().IsMatch(value)) countdown = value;
                else if (countdown is null && name == "data-seconds" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                    countdown = $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}";
                else if (price is null && name is null && value.Length <= 40 && Price().Match(value) is { Success: true } p) price = p.Value;
            }
            lock (_gate) _batches.Add(new BatchRecord(at, data.Length, diffs, countdown, price));
        }
        catch (FormatException e)
        {
            error = "Error: " + e.Message;
            Error ??= "a render batch could not be read: " + e.Message;
        }
        await SendAsync("OnRenderCompleted", batchId, error);
        _firstBatch.TrySetResult();
    }

    private async Task SendAsync(string method, params object?[] args)
    {
        var c = _connection;
        if (c is null || c.State != HubConnectionState.Connected) return;
        try
        {
            await c.SendCoreAsync(method, args);
            Interlocked.Increment(ref _sent);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException)
        {
            // The connection is going away; the Closed handler records why.
        }
    }

    /// <summary>Stops the connection and sends the page-hide beacon: the server disposes the circuit at once.</summary>
    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _stopping, true);
        if (_connection is { } c)
        {
            try { await c.DisposeAsync(); }
            catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException) { }
        }
        if (_circuitId is { } id)
        {
            try
            {
                using var form = new MultipartFormDataContent { { new StringContent(id), "circuitId" } };
                using var response = await _http.PostAsync(new Uri(_baseUrl, "_blazor/disconnect"), form);
                DisconnectStatus = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
        }
    }
}
