using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CheapTokens.Core.Venice;
using Microsoft.AspNetCore.Http;

namespace CheapTokens.StandIns.Venice;

/// <summary>Canned OpenAI-shaped answers for the simulator's /models and /chat/completions.</summary>
public sealed class VeniceSimulatorChat(string model, int promptTokens, DateTimeOffset now)
{
    public const string DefaultModel = VeniceNames.ExampleModel;
    public const string CannedReply = "Hello from the Venice simulator. This reply is canned.";

    private static readonly string[] ModelIds = [DefaultModel, "venice-uncensored", "qwen3-4b"];

    private readonly string _id = "chatcmpl-" + Guid.NewGuid().ToString("N");
    private readonly long _created = now.ToUnixTimeSeconds();

    public static object Models() => new
    {
        @object = "list",
        data = ModelIds.Select(id => new { id, @object = "model", created = 1_700_000_000, owned_by = "venice.ai", type = "text" }),
    };

    public static int CountWords(JsonArray messages) =>
        messages.Sum(message => message?["content"]?.GetValueKind() == JsonValueKind.String
            ? message["content"]!.GetValue<string>().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length
            : 0);

    public object Completion() => new
    {
        id = _id,
        @object = "chat.completion",
        created = _created,
        model,
        choices = new[] { new { index = 0, message = new { role = "assistant", content = CannedReply }, finish_reason = "stop" } },
        usage = Usage(),
    };

    /// <summary>Server-sent events: one chunk per word, a closing chunk with finish_reason, then [DONE].</summary>
    public IResult StreamResult() => new StreamingResult(this);

    private object Usage()
    {
        var completionTokens = CannedReply.Split(' ').Length;
        return new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens };
    }

    private IEnumerable<object> Chunks()
    {
        var words = CannedReply.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var delta = i == 0 ? (object)new { role = "assistant", content = words[i] } : new { content = " " + words[i] };
            yield return Chunk(delta, finishReason: null);
        }
        yield return Chunk(new { }, "stop");
    }

    private object Chunk(object delta, string? finishReason) => new
    {
        id = _id,
        @object = "chat.completion.chunk",
        created = _created,
        model,
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    };

    private sealed class StreamingResult(VeniceSimulatorChat chat) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status200OK;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            foreach (var chunk in chat.Chunks())
            {
                // finish_reason must stay as an explicit null in chunks, so no ignore-nulls options here.
                await WriteEventAsync(response, JsonSerializer.Serialize(chunk), httpContext.RequestAborted);
            }
            await WriteEventAsync(response, "[DONE]", httpContext.RequestAborted);
        }

        private static async Task WriteEventAsync(HttpResponse response, string data, CancellationToken cancellationToken)
        {
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"), cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
    }
}
