using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CheapTokens.Core.Payments.X402;

/// <summary>How x402 bodies and headers are written: camelCase JSON, absent optionals left out, headers base64.</summary>
public static class X402Json
{
    /// <summary>Names are matched exactly, as x402's own schemas do.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        // Shared by every caller: nobody may change how the wire is written.
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>A header value: standard base64 (with padding) of the UTF-8 JSON, as the x402 client encodes it.</summary>
    public static string ToHeader<T>(T value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Serialize(value)));
}
