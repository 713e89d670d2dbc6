using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CheapTokens.Core.Payments.X402;

/// <summary>How x402 bodies and headers are written: camelCase JSON, absent optionals left out, headers base64.</summary>
public static class X402Json
{
    /// <summary>Names are matched exactly, as x402's own schemas do.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>A header value: standard base64 (with padding) of the UTF-8 JSON, as the x402 client encodes it.</summary>
    public static string ToHeader<T>(T value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Serialize(value)));
}
