using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CheapTokens.Core.Orders;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Security;

/// <summary>The Data Protection key ring that encrypts buyers' keys: encrypted by a configured certificate, or not.</summary>
public class KeyRingProtectionTests : IDisposable
{
    private const string Password = "pfx-password-for-tests";
    private readonly string _folder = StoreHost.NewDataDirectory();

    [Fact]
    public async Task WithACertificateTheKeyRingIsEncryptedAndKeysStillOpenAfterARestart()
    {
        var settings = CertificateSettings(WriteCertificate());
        var dataDirectory = Path.Combine(_folder, "data");
        string sealedKey;
        await using (var host = await StoreHost.StartAsync(settings, dataDirectory: dataDirectory))
            sealedKey = host.Get<IKeyVault>().Protect("vk-buyers-secret-key");

        var ring = string.Concat(Directory.GetFiles(Path.Combine(dataDirectory, "keys"), "*.xml").Select(File.ReadAllText));
        Assert.Contains("EncryptedData", ring);
        Assert.DoesNotContain("<masterKey", ring);
        await using (var restarted = await StoreHost.StartAsync(settings, dataDirectory: dataDirectory))
            Assert.Equal("vk-buyers-secret-key", restarted.Get<IKeyVault>().Unprotect(sealedKey));
    }

    [Fact]
    public async Task WithoutACertificateTheKeyRingIsPlainAndOnlyTheFolderModesProtectIt()
    {
        var dataDirectory = Path.Combine(_folder, "data");
        await using (var host = await StoreHost.StartAsync(dataDirectory: dataDirectory))
            host.Get<IKeyVault>().Protect("vk-buyers-secret-key");

        var ring = string.Concat(Directory.GetFiles(Path.Combine(dataDirectory, "keys"), "*.xml").Select(File.ReadAllText));
        Assert.Contains("<masterKey", ring);
    }

    [Fact]
    public async Task AWrongPasswordStopsStartUpNamingTheKeyButNotThePassword()
    {
        var settings = CertificateSettings(WriteCertificate());
        settings["Storage:KeyRingCertificatePassword"] = "not-the-password";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => StoreHost.StartAsync(settings, dataDirectory: Path.Combine(_folder, "data")));

        Assert.Contains("Storage:KeyRingCertificatePath", error.Message);
        Assert.DoesNotContain("not-the-password", error.ToString());
    }

    private Dictionary<string, string?> CertificateSettings(string path) => new()
    {
        ["Storage:KeyRingCertificatePath"] = path,
        ["Storage:KeyRingCertificatePassword"] = Password,
    };

    private string WriteCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=CheapTokens key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "keyring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    public void Dispose() => StoreHost.DeleteDataDirectory(_folder);
}
