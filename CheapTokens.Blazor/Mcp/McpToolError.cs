using CheapTokens.Blazor.Checkout;
using ModelContextProtocol;

namespace CheapTokens.Blazor.Mcp;

/// <summary>
/// A tool call the store refuses, with a sentence the agent can act on. The SDK hands an <see cref="McpException"/>'s
/// message to the client as the tool's error result; any other exception reaches it only as a bare failure.
/// </summary>
public static class McpToolError
{
    public static McpException Because(string message) => new(message);

    /// <summary>Each bad field with its messages, named as the HTTP API names them.</summary>
    public static McpException Invalid(FieldErrors errors) =>
        new("Invalid input: " + string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));

    public static McpException TooManyRequests(TimeSpan retryAfter) =>
        new($"Too many requests from your address; try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s.");
}
