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
        CreateOwnerOnly(paths.DataDirectory);
        CreateOwnerOnly(paths.KeysDirectory);
        return paths;
    }

    /// <summary>
    /// Makes the files now in the data folder 0600: SQLite creates the database (and its -wal and -shm files) with the
    /// default mode, after the folder was prepared. Called once the database is migrated.
    /// </summary>
    public void RestrictFiles()
    {
        if (OperatingSystem.IsWindows()) return;
        foreach (var file in Directory.EnumerateFiles(DataDirectory)) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>
    /// The folder holds buyers' encrypted keys, their key ring and order data: only the app's own user may enter it
    /// (0700), and files already in it are made 0600. Windows has no Unix modes; its ACLs are left as they are.
    /// </summary>
    private static void CreateOwnerOnly(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        const UnixFileMode ownerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(directory, ownerOnlyFolder);
        File.SetUnixFileMode(directory, ownerOnlyFolder);
        foreach (var file in Directory.EnumerateFiles(directory)) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
