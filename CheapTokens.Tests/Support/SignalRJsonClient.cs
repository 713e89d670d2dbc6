using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CheapTokens.Tests.Support;

/// <summary>
/// Speaks the SignalR JSON hub protocol over a raw WebSocket, as a bot in any language would
/// (the .NET SignalR client is not in the package feed).
/// </summary>
public sealed class SignalRJsonClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly Queue<string> _pending = new();
    private readonly StringBuilder _buffer = new();

    public static async Task<SignalRJsonClient> ConnectAsync(Uri baseAddress, string hubPath, CancellationToken cancellationToken)
    {
        var client = new SignalRJsonClient();
        var uri = new UriBuilder(new Uri(baseAddress, hubPath)) { Scheme = "ws" }.Uri;
        await client._socket.ConnectAsync(uri, cancellationToken);
        await client.SendRawAsync("{\"protocol\":\"json\",\"version\":1}", cancellationToken);
        var handshake = await client.ReceiveFrameAsync(cancellationToken);
        using var doc = JsonDocument.Parse(handshake);
        if (doc.RootElement.TryGetProperty("error", out var error)) throw new InvalidOperationException(error.GetString());
        return client;
    }

    /// <summary>The arguments of the next invocation of <paramref name="target"/>, skipping pings.</summary>
    public async Task<JsonElement> ReceiveInvocationAsync(string target, CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await ReceiveFrameAsync(cancellationToken);
            using var doc = JsonDocument.Parse(frame);
            var root = doc.RootElement;
            if (root.GetProperty("type").GetInt32() == 1 && root.GetProperty("target").GetString() == target)
                return root.GetProperty("arguments")[0].Clone();
        }
    }

    private Task SendRawAsync(string json, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, cancellationToken);

    private async Task<string> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        var chunk = new byte[16 * 1024];
        while (_pending.Count == 0)
        {
            var result = await _socket.ReceiveAsync(chunk, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("The hub closed the connection.");
            _buffer.Append(Encoding.UTF8.GetString(chunk, 0, result.Count));
            var text = _buffer.ToString();
            var last = text.LastIndexOf(RecordSeparator);
            if (last < 0) continue;
            foreach (var frame in text[..last].Split(RecordSeparator)) _pending.Enqueue(frame);
            _buffer.Clear().Append(text[(last + 1)..]);
        }
        return _pending.Dequeue();
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None); }
            catch (WebSocketException) { }
        }
        _socket.Dispose();
    }
}
