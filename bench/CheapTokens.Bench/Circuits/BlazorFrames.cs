using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace CheapTokens.Bench.Circuits;

/// <summary>
/// Reads the blazorpack messages inside a browser's <c>/_blazor</c> WebSocket frames (as Playwright reports them),
/// so a real page and the circuit client are counted the same way: render batches and their bytes, and what the
/// browser answered to each JS interop call.
/// </summary>
public sealed class BlazorFrames
{
    private static readonly BlazorPackProtocol Protocol = new();
    private static readonly Binder Types = new();
    private readonly ConcurrentDictionary<long, string> _pendingCalls = new();

    public long RenderBatches;
    public long RenderBatchBytes;

    /// <summary>Per identifier, the first answer this browser sent (EndInvokeJSFromDotNet's JSON, or "(failed) ...").</summary>
    public ConcurrentDictionary<string, string> Answers { get; } = new(StringComparer.Ordinal);

    /// <summary>A frame the server sent to the page.</summary>
    public void Received(byte[]? frame)
    {
        foreach (var m in Parse(frame))
        {
            if (m is not InvocationMessage { Target: var target, Arguments: var args }) continue;
            if (target == "JS.RenderBatch" && args is [_, byte[] data])
            {
                Interlocked.Increment(ref RenderBatches);
                Interlocked.Add(ref RenderBatchBytes, data.Length);
            }
            else if (target == "JS.BeginInvokeJS" && args is [long handle, string identifier, _, _, long instance, _] && handle != 0)
            {
                _pendingCalls[handle] = instance != 0 ? "(object)." + identifier : identifier;
            }
        }
    }

    /// <summary>A frame the page sent to the server.</summary>
    public void Sent(byte[]? frame)
    {
        foreach (var m in Parse(frame))
        {
            if (m is InvocationMessage { Target: "EndInvokeJSFromDotNet", Arguments: [long handle, bool succeeded, string json] }
                && _pendingCalls.TryRemove(handle, out var identifier))
                Answers.TryAdd(identifier, succeeded ? json : "(failed) " + json.Split('\n')[0]);
        }
    }

    private static List<HubMessage> Parse(byte[]? frame)
    {
        var messages = new List<HubMessage>();
        // Text frames are the handshake; everything after it is binary.
        if (frame is null || frame.Length == 0 || frame[^1] == 0x1e) return messages;
        var input = new ReadOnlySequence<byte>(frame);
        try
        {
            while (Protocol.TryParseMessage(ref input, Types, out var message)) messages.Add(message);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or MessagePack.MessagePackSerializationException) { }
        return messages;
    }

    /// <summary>The argument types of the messages the bench reads, both ways (ASP.NET Core 10's ComponentHub and RemoteJSRuntime).</summary>
    private sealed class Binder : IInvocationBinder
    {
        private static readonly Dictionary<string, Type[]> Parameters = new(StringComparer.Ordinal)
        {
            ["JS.RenderBatch"] = [typeof(long), typeof(byte[])],
            ["JS.BeginInvokeJS"] = [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)],
            ["EndInvokeJSFromDotNet"] = [typeof(long), typeof(bool), typeof(string)],
            ["OnRenderCompleted"] = [typeof(long), typeof(string)],
            ["UpdateRootComponents"] = [typeof(string), typeof(string)],
            ["StartCircuit"] = [typeof(string), typeof(string), typeof(string), typeof(string)],
        };

        public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
            Parameters.TryGetValue(methodName, out var types) ? types : throw new InvalidOperationException($"not read: {methodName}");

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
