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
            // A first run creates the folder; a second finds the database file SQLite created with the default mode.
            await (await StoreHost.StartAsync(dataDirectory: dataDirectory)).DisposeAsync();
            await (await StoreHost.StartAsync(dataDirectory: dataDirectory)).DisposeAsync();

            const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Assert.Equal(ownerOnly, File.GetUnixFileMode(dataDirectory));
            Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(dataDirectory, "keys")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dataDirectory, "cheaptokens.db")));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
