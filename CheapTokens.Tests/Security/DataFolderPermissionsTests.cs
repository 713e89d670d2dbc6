using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Security;

public class DataFolderPermissionsTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task OnlyTheAppsOwnUserCanEnterTheDataFolderOrReadItsFiles()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "cheaptokens-tests", Guid.NewGuid().ToString("N"));
        try
        {
            // The first run already: SQLite creates its files with the default mode, after the folder was made.
            await (await StoreHost.StartAsync(dataDirectory: dataDirectory)).DisposeAsync();

            const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Assert.Equal(ownerOnly, File.GetUnixFileMode(dataDirectory));
            Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(dataDirectory, "keys")));
            Assert.All(Directory.GetFiles(dataDirectory), file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));
            Assert.Contains(Path.Combine(dataDirectory, "cheaptokens.db"), Directory.GetFiles(dataDirectory));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
