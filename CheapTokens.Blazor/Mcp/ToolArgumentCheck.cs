using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CheapTokens.Blazor.Mcp;

/// <summary>
/// Checks a tool call's arguments against the tool's own input schema before the SDK binds them, so that a missing
/// argument or one of the wrong type is refused with a sentence naming it: the SDK's binding failure reaches the agent
/// only as "An error occurred invoking the tool", which nobody can act on. Only the shapes the store's tools take.
/// </summary>
public static class ToolArgumentCheck
{
    public static McpRequestFilter<CallToolRequestParams, CallToolResult> Filter => next => async (context, cancellationToken) =>
        context.MatchedPrimitive is McpServerTool tool && Problem(tool.ProtocolTool.InputSchema, context.Params?.Arguments) is { } problem
            ? new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = problem }] }
            : await next(context, cancellationToken);

    /// <summary>What is wrong with <paramref name="arguments"/> for <paramref name="schema"/>, or null when they fit.</summary>
    public static string? Problem(JsonElement schema, IDictionary<string, JsonElement>? arguments)
    {
        if (schema.ValueKind != JsonValueKind.Object) return null;
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()).OfType<string>())
            {
                if (arguments is null || !arguments.TryGetValue(name, out var given) || given.ValueKind == JsonValueKind.Null)
                    return $"Invalid input: {name} is required.";
            }
        }
        if (arguments is null || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object) return null;
        foreach (var (name, value) in arguments)
        {
            if (!properties.TryGetProperty(name, out var property) || value.ValueKind == JsonValueKind.Null) continue;
            if (Mismatch(property, value) is { } expected)
                return $"Invalid input: {name} must be {expected} (was {Shorten(value.GetRawText())}).";
        }
        return null;
    }

    private static string? Mismatch(JsonElement property, JsonElement value) => TypeOf(property) switch
    {
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) ? null : "a whole number",
        "string" => value.ValueKind == JsonValueKind.String ? null : "a string",
        "array" => value.ValueKind == JsonValueKind.Array
                   && (!property.TryGetProperty("items", out var items) || value.EnumerateArray().All(item => Mismatch(items, item) is null))
            ? null
            : property.TryGetProperty("items", out var itemSchema) && TypeOf(itemSchema) == "string" ? "a list of strings" : "a list",
        _ => null,
    };

    /// <summary>The schema's type, the non-null one of a nullable pair.</summary>
    private static string? TypeOf(JsonElement property) =>
        !property.TryGetProperty("type", out var type) ? null
        : type.ValueKind == JsonValueKind.String ? type.GetString()
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
        : null;

    private static string Shorten(string json) => json.Length <= 40 ? json : json[..40] + "…";
}
