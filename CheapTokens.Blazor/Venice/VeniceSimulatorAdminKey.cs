using System.Buffers.Text;
using System.Security.Cryptography;
using CheapTokens.Blazor.Data;
using Microsoft.Extensions.Logging;

namespace CheapTokens.Blazor.Venice;

/// <summary>
/// The simulated Venice's admin key when Venice:AdminKey is empty: made at random on first run and kept in the
/// data folder, so a restart (and every key minted before it) keeps working. No key is written in source.
/// </summary>
public static class VeniceSimulatorAdminKey
{
    public const string FileName = "venice-sim-admin.key";

    /// <summary>Recognisable in a secret scanner or a log that should never have held it.</summary>
    public const string Prefix = "ctsim_admin_";

    /// <summary>The key kept in <paramref name="paths"/>' data folder, created (0600 on Unix) when missing or empty.</summary>
    public static string LoadOrCreate(StoragePaths paths, ILogger logger)
    {
        var path = Path.Combine(paths.DataDirectory, FileName);
        if (ReadExisting(path) is { } existing) return existing;

        var key = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(key);
        }
        catch (IOException) when (ReadExisting(path) is { } raced)
        {
            // Another process on the same data folder wrote it first; both must use one key.
            return raced;
        }
        logger.LogInformation("Generated the simulated Venice admin key in {AdminKeyFile}", path);
        return key;
    }

    private static string? ReadExisting(string path)
    {
        if (!File.Exists(path)) return null;
        var text = File.ReadAllText(path).Trim();
        return text.Length == 0 ? null : text;
    }
}
