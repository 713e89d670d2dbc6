using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CheapTokens.Core.Orders;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.Time.Testing;

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

    [Fact]
    public async Task ABuyersKeySealedBeforeACertificateRotationStillOpensAfterItAndNewKeysUseTheNewCertificate()
    {
        var dataDirectory = Path.Combine(_folder, "data");
        using var old = InstallSettings.WriteCertificate(Path.Combine(_folder, "old.pfx"), "key ring 2026");
        using var current = InstallSettings.WriteCertificate(Path.Combine(_folder, "new.pfx"), "key ring 2027");
        var before = CertificateSettings(Path.Combine(_folder, "old.pfx"));
        var rotated = CertificateSettings(Path.Combine(_folder, "new.pfx"));
        rotated["Storage:KeyRingPreviousCertificates:0:Path"] = Path.Combine(_folder, "old.pfx");
        rotated["Storage:KeyRingPreviousCertificates:0:Password"] = Password;
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        string token;
        string apiKey;
        string sealedBefore;
        await using (var host = await StoreHost.StartAsync(before, clock, dataDirectory: dataDirectory))
        {
            token = await host.BuyCreditsAsync(credits: 2);
            apiKey = (await host.WaitForOrderStatusAsync(token, "fulfilled")).GetProperty("apiKey").GetString()!;
            sealedBefore = host.Get<IKeyVault>().Protect("vk-sealed-before-rotation");
        }

        await using (var host = await StoreHost.StartAsync(rotated, clock, dataDirectory: dataDirectory))
        {
            Assert.Equal(apiKey, (await host.GetOrderAsync(token)).GetProperty("apiKey").GetString());
            Assert.Equal("vk-sealed-before-rotation", host.Get<IKeyVault>().Unprotect(sealedBefore));
            // Secrets sealed from now on use a key encrypted with the new certificate, not the one in use before.
            var written = KeyInUse(host, dataDirectory);
            Assert.Contains(Convert.ToBase64String(current.RawData), written);
            Assert.DoesNotContain(Convert.ToBase64String(old.RawData), written);
        }

        // Without the retired certificate the same key ring no longer opens what it sealed before.
        await using (var host = await StoreHost.StartAsync(CertificateSettings(Path.Combine(_folder, "new.pfx")), clock, dataDirectory: dataDirectory))
            Assert.Throws<CryptographicException>(() => host.Get<IKeyVault>().Unprotect(sealedBefore));
    }

    [Fact]
    public async Task ARingWrittenWithoutACertificateSealsNewSecretsWithAnEncryptedKeyOnceOneIsConfigured()
    {
        var dataDirectory = Path.Combine(_folder, "data");
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        string sealedBefore;
        await using (var host = await StoreHost.StartAsync(clock: clock, dataDirectory: dataDirectory))
        {
            sealedBefore = host.Get<IKeyVault>().Protect("vk-sealed-in-the-demo");
            Assert.Contains("<masterKey", KeyInUse(host, dataDirectory));
        }

        await using (var host = await StoreHost.StartAsync(CertificateSettings(WriteCertificate()), clock, dataDirectory: dataDirectory))
        {
            var inUse = KeyInUse(host, dataDirectory);
            Assert.Contains("EncryptedData", inUse);
            Assert.DoesNotContain("<masterKey", inUse);
            Assert.Equal("vk-sealed-in-the-demo", host.Get<IKeyVault>().Unprotect(sealedBefore));
        }
    }

    [PostgresFact]
    public async Task OnPostgreSqlTheRingBesideTheCiphertextsIsEncryptedAndARotationKeepsOldSecretsOpen()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        using var old = InstallSettings.WriteCertificate(Path.Combine(_folder, "old.pfx"), "key ring 2026");
        using var current = InstallSettings.WriteCertificate(Path.Combine(_folder, "new.pfx"), "key ring 2027");
        var rotated = CertificateSettings(Path.Combine(_folder, "new.pfx"));
        rotated["Storage:KeyRingPreviousCertificates:0:Path"] = Path.Combine(_folder, "old.pfx");
        rotated["Storage:KeyRingPreviousCertificates:0:Password"] = Password;
        string sealedBefore;
        await using (var host = await StoreHost.StartAsync(CertificateSettings(Path.Combine(_folder, "old.pfx"))))
            sealedBefore = host.Get<IKeyVault>().Protect("vk-sealed-on-postgres");

        Assert.Equal(0, await database.ScalarAsync<int>("SELECT count(*) FROM \"DataProtectionKeys\" WHERE \"Xml\" LIKE '%<masterKey%'"));
        Assert.Equal(1, await database.ScalarAsync<int>("SELECT count(*) FROM \"DataProtectionKeys\" WHERE \"Xml\" LIKE '%EncryptedData%'"));
        await using (var host = await StoreHost.StartAsync(rotated))
        {
            Assert.Equal("vk-sealed-on-postgres", host.Get<IKeyVault>().Unprotect(sealedBefore));
            var id = host.Get<IKeyRingProvider>().GetCurrentKeyRing().DefaultKeyId;
            var inUse = await database.ScalarAsync<string>($"SELECT \"Xml\" FROM \"DataProtectionKeys\" WHERE \"FriendlyName\" = 'key-{id}'");
            Assert.Contains(Convert.ToBase64String(current.RawData), inUse);
        }
    }

    [Fact]
    public async Task RetiredCertificatesNeedACurrentOne()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Storage:KeyRingPreviousCertificates:0:Path"] = WriteCertificate() }, dataDirectory: Path.Combine(_folder, "data")));

        Assert.Contains("Storage:KeyRingPreviousCertificates needs Storage:KeyRingCertificatePath", error.Message);
    }

    /// <summary>The stored form of the key that seals secrets now.</summary>
    private static string KeyInUse(StoreHost host, string dataDirectory)
    {
        var id = host.Get<IKeyRingProvider>().GetCurrentKeyRing().DefaultKeyId;
        return File.ReadAllText(Path.Combine(dataDirectory, "keys", $"key-{id}.xml"));
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
