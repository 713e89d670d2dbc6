using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CheapTokens.Blazor.Data;
using Microsoft.AspNetCore.DataProtection;

namespace CheapTokens.Blazor.Security;

/// <summary>
/// Encrypts the Data Protection key ring (the keys that encrypt buyers' API keys) with a certificate when
/// <c>Storage:KeyRingCertificatePath</c> names a PKCS#12 file (password in <c>Storage:KeyRingCertificatePassword</c>,
/// best from the environment). Without one the key ring is written unencrypted and only the data folder's modes
/// (0700 / 0600) protect it.
/// </summary>
public static class KeyRingProtection
{
    /// <summary>
    /// Data Protection takes the certificate itself when it is registered, not an option resolved later: call this
    /// with the final configuration (when the app is built), so every configuration source counts.
    /// </summary>
    public static IServiceCollection AddKeyRingProtection(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (string.IsNullOrWhiteSpace(storage.KeyRingCertificatePath)) return services;
        var certificate = Load(Path.GetFullPath(storage.KeyRingCertificatePath, contentRoot), storage.KeyRingCertificatePassword);
        services.AddDataProtection().ProtectKeysWithCertificate(certificate);
        return services;
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        const string key = $"{StorageOptions.SectionName}:{nameof(StorageOptions.KeyRingCertificatePath)}";
        if (!File.Exists(path)) throw new InvalidOperationException($"{key} names no file ('{path}').");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            // Never the password itself.
            throw new InvalidOperationException($"{key}: the certificate could not be read (wrong Storage:KeyRingCertificatePassword?): {e.Message}");
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{key} must name a certificate with its private key.");
        }
        return certificate;
    }
}
