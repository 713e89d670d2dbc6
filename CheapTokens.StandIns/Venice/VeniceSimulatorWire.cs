using System.Text.Json;
using System.Text.Json.Serialization;

namespace CheapTokens.StandIns.Venice;

// Venice's JSON shapes for /api_keys as the simulator answers them (docs.venice.ai/api-reference/endpoint/api_keys):
// created keys say "consumptionLimit" (singular), listed ones "consumptionLimits" (plural); usage amounts are strings.

internal sealed record VeniceLimitsWire(
    [property: JsonPropertyName("usd")] decimal? Usd,
    [property: JsonPropertyName("diem")] decimal? Diem);

internal sealed record VeniceCreatedKeyWire(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("apiKey")] string ApiKey,
    [property: JsonPropertyName("apiKeyType")] string ApiKeyType,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("consumptionLimit")] VeniceLimitsWire? ConsumptionLimit,
    [property: JsonPropertyName("limitPeriod")] string? LimitPeriod,
    [property: JsonPropertyName("expiresAt")] string? ExpiresAt);

internal sealed record VeniceUsageAmountsWire(
    [property: JsonPropertyName("usd")] string? Usd,
    [property: JsonPropertyName("diem")] string? Diem);

internal sealed record VeniceUsageWire(
    [property: JsonPropertyName("trailingSevenDays")] VeniceUsageAmountsWire? TrailingSevenDays);

internal sealed record VeniceKeyInfoWire(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("apiKeyType")] string ApiKeyType,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("consumptionLimits")] VeniceLimitsWire? ConsumptionLimits,
    [property: JsonPropertyName("limitPeriod")] string? LimitPeriod,
    [property: JsonPropertyName("createdAt")] string? CreatedAt,
    [property: JsonPropertyName("expiresAt")] string? ExpiresAt,
    [property: JsonPropertyName("last6Chars")] string? Last6Chars,
    [property: JsonPropertyName("lastUsedAt")] string? LastUsedAt,
    [property: JsonPropertyName("usage")] VeniceUsageWire? Usage);

internal sealed record VeniceDataWire<T>(
    [property: JsonPropertyName("data")] T? Data,
    [property: JsonPropertyName("success")] bool? Success = null,
    [property: JsonPropertyName("object")] string? Object = null);

internal sealed record VeniceErrorWire([property: JsonPropertyName("error")] string? Error);

internal static class VeniceJson
{
    /// <summary>Venice's timestamp format, e.g. 2023-10-01T12:00:00.000Z.</summary>
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParseTimestamp(string? value, out DateTimeOffset result) =>
        DateTimeOffset.TryParseExact(
            value,
            [TimestampFormat, "yyyy-MM-ddTHH:mm:ssZ"],
            System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal,
            out result);
}
