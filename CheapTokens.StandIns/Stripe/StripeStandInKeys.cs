using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CheapTokens.StandIns.Stripe;

/// <summary>
/// The Stripe stand-in's secret key, publishable key and webhook signing secret: made at random on first run and
/// kept in the data folder (0600), so intents and webhooks keep working across restarts. None is written in source.
/// </summary>
public sealed record StripeStandInKeys(string SecretKey, string PublishableKey, string WebhookSecret)
{
    public const string FileName = "stripe-sim-keys.json";

    public static StripeStandInKeys LoadOrCreate(string dataDirectory, ILogger logger)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (ReadExisting(path) is { } existing) return existing;

        var keys = new StripeStandInKeys(
            "sk_test_ctsim_" + Random(24), "pk_test_ctsim_" + Random(24), "whsec_ctsim_" + Random(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(JsonSerializer.Serialize(keys));
        }
        catch (IOException) when (ReadExisting(path) is { } raced)
        {
            // Another process on the same data folder wrote them first; both must use one set.
            return raced;
        }
        logger.LogInformation("Generated the Stripe stand-in's keys in {StripeKeysFile}", path);
        return keys;
    }

    /// <summary>Never prints a key.</summary>
    public override string ToString() => nameof(StripeStandInKeys);

    private static string Random(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    private static StripeStandInKeys? ReadExisting(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var keys = JsonSerializer.Deserialize<StripeStandInKeys>(File.ReadAllText(path));
            return keys is { SecretKey.Length: > 0, PublishableKey.Length: > 0, WebhookSecret.Length: > 0 } ? keys : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
