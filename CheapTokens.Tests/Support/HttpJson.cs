using System.Text.Json;

namespace CheapTokens.Tests.Support;

public static class HttpJson
{
    /// <summary>The response body as JSON, whatever its status.</summary>
    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
