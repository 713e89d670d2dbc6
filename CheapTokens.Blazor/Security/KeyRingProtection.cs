using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CheapTokens.Blazor.Data;
using CheapTokens.Core.Orders;
using Microsoft.AspNetCore.DataProtection;

namespace CheapTokens.Blazor.Security;

/// <summary>
/// Encrypts the Data Protection key ring (the keys that encrypt buyers' API keys) with a certificate when
/// <c>Storage:KeyRingCertificatePath</c> names a PKCS#12 file (password in <c>Storage:KeyRingCertificatePassword</c>,
/// best from the environment). Certificates in <c>Storage:KeyRingPreviousCertificates</c> still decrypt keys written
/// before a rotation; new keys are encrypted with the current one. Without a certificate the key ring is written
/// unencrypted and only the data folder's modes (0700 / 0600) protect it, which only a demo install may do (see
/// <c>StoreMode</c>).
/// </summary>
public static class KeyRingProtection
{
    /// <summary>The vault that seals buyers' API keys with the key ring <c>AddStorePersistence</c> keeps.</summary>
    public static IServiceCollection AddKeyVault(this IServiceCollection services) =>
        services.AddSingleton<IKeyVault, DataProtectionKeyVault>();

    /// <summary>
    /// Data Protection takes the certificate itself when it is registered, not an option resolved later: call this
    /// with the final configuration (when the app is built), so every configuration source counts.
    /// </summary>
    public static IServiceCollection AddKeyRingProtection(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (string.IsNullOrWhiteSpace(storage.KeyRingCertificatePath)) return services;
        const string currentKey = $"{StorageOptions.SectionName}:{nameof(StorageOptions.KeyRingCertificatePath)}";
        var current = Load(Path.GetFullPath(storage.KeyRingCertificatePath, contentRoot), storage.KeyRingCertificatePassword, currentKey);
        var previous = storage.KeyRingPreviousCertificates
            .Where(c => !string.IsNullOrWhiteSpace(c.Path))
            .Select((c, i) => Load(Path.GetFullPath(c.Path, contentRoot), c.Password,
                $"{StorageOptions.SectionName}:{nameof(StorageOptions.KeyRingPreviousCertificates)}:{i}:{nameof(KeyRingCertificateOptions.Path)}"))
            .ToArray();
        services.AddDataProtection()
            .ProtectKeysWithCertificate(current)
            // Data Protection looks decryption certificates up in the machine's store otherwise, which has none here.
            .UnprotectKeysWithAnyCertificate([current, .. previous]);
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<KeyRingCertificateRotation>(sp, current));
        return services;
    }

    private static X509Certificate2 Load(string path, string? password, string key)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"{key} names no file ('{path}').");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            // Never the password itself.
            throw new InvalidOperationException($"{key}: the certificate could not be read (wrong password?): {e.Message}");
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{key} must name a certificate with its private key.");
        }
        return certificate;
    }
}
