namespace CheapTokens.Blazor.Data;

/// <summary>Where the store keeps its files; the folders are created on first use.</summary>
public sealed class StoragePaths
{
    public const string DatabaseFileName = "cheaptokens.db";
    public const string KeysFolderName = "keys";

    private StoragePaths(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        DatabasePath = Path.Combine(dataDirectory, DatabaseFileName);
        KeysDirectory = Path.Combine(dataDirectory, KeysFolderName);
    }

    public string DataDirectory { get; }

    public string DatabasePath { get; }

    /// <summary>The data-protection key ring that encrypts buyers' API keys.</summary>
    public string KeysDirectory { get; }

    public string ConnectionString => $"Data Source={DatabasePath};Pooling=True;Default Timeout=30";

    public static StoragePaths Create(StorageOptions options, string contentRoot)
    {
        var paths = new StoragePaths(Path.GetFullPath(options.DataDirectory, contentRoot));
        Directory.CreateDirectory(paths.DataDirectory);
        Directory.CreateDirectory(paths.KeysDirectory);
        return paths;
    }
}
