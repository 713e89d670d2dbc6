using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace CheapTokens.Bench.Circuits;

/// <summary>
/// Blazor's "blazorpack" hub protocol. The server's <c>/_blazor</c> hub accepts only this protocol; on the wire it is
/// SignalR's MessagePack protocol (version 2) under another name, which is also how blazor.web.js builds it (a
/// <c>MessagePackHubProtocol</c> whose name is set to "blazorpack"). One instance per connection: it counts the
/// bytes and messages that connection received, the way a browser's WebSocket frames would add up.
/// </summary>
public sealed class BlazorPackProtocol : IHubProtocol
{
    private static readonly MessagePackHubProtocol Inner = new();
    private long _receivedBytes;
    private long _receivedMessages;

    public string Name => "blazorpack";
    public int Version => Inner.Version;
    public TransferFormat TransferFormat => TransferFormat.Binary;

    public long ReceivedBytes => Interlocked.Read(ref _receivedBytes);
    public long ReceivedMessages => Interlocked.Read(ref _receivedMessages);

    public bool IsVersionSupported(int version) => version <= Version;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var before = input.Length;
        if (!Inner.TryParseMessage(ref input, binder, out message)) return false;
        Interlocked.Add(ref _receivedBytes, before - input.Length);
        Interlocked.Increment(ref _receivedMessages);
        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => Inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => Inner.GetMessageBytes(message);
}
