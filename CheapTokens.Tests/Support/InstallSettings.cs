using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CheapTokens.Tests.Support;

/// <summary>
/// Settings that make a host's Venice or payments real, with fake but valid values pointing at a loopback port where
/// nothing listens, and key-ring certificates written into a test's folder.
/// </summary>
public static class InstallSettings
{
    public const string CertificatePassword = "pfx-password-for-tests";
    public const string RealVeniceAdminKey = "venice-admin-key-live-9c1e";
    public const string LiveStripeSecretKey = "sk_live_fake51Qx";

    /// <summary>Nothing listens on the discard port: calls fail fast, as an unreachable provider's would.</summary>
    private const string Nowhere = "http://127.0.0.1:9";

    public static Dictionary<string, string?> RealVenice() => new()
    {
        ["Venice:Simulator:Enabled"] = "false",
        ["Venice:BaseUrl"] = Nowhere + "/api/v1",
        ["Venice:AdminKey"] = RealVeniceAdminKey,
    };

    public static Dictionary<string, string?> RealStripe(string secretKey = LiveStripeSecretKey) => new()
    {
        ["Payments:Processor"] = "Stripe",
        ["Payments:Stripe:ApiBase"] = Nowhere,
        ["Payments:Stripe:SecretKey"] = secretKey,
        ["Payments:Stripe:PublishableKey"] = "pk_live_fake51Qx",
        ["Payments:Stripe:WebhookSecret"] = "whsec_fake51Qx",
        // Real payments take real USDC too: Base through a facilitator that is not reached at start.
        ["Payments:X402:Simulated"] = "false",
        ["Payments:X402:Network"] = "base",
        ["Payments:X402:FacilitatorUrl"] = Nowhere,
    };

    public static Dictionary<string, string?> StripeStandIn() => new() { ["Payments:Processor"] = "Stripe" };

    public static Dictionary<string, string?> Sandbox() => new() { ["Payments:Processor"] = "Sandbox" };

    /// <summary>Writes a self-signed key-ring certificate with its private key; returns it (with the private key).</summary>
    public static X509Certificate2 WriteCertificate(string path, string name = "CheapTokens key ring (test)")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return certificate;
    }

    /// <summary>A fresh certificate in <paramref name="folder"/> as Storage:KeyRingCertificatePath and its password.</summary>
    public static Dictionary<string, string?> KeyRingCertificate(string folder)
    {
        var path = Path.Combine(folder, "keyring.pfx");
        WriteCertificate(path).Dispose();
        return new()
        {
            ["Storage:KeyRingCertificatePath"] = path,
            ["Storage:KeyRingCertificatePassword"] = CertificatePassword,
        };
    }

    public static Dictionary<string, string?> Merge(params IDictionary<string, string?>[] parts)
    {
        var merged = new Dictionary<string, string?>();
        foreach (var part in parts)
        {
            foreach (var (key, value) in part) merged[key] = value;
        }
        return merged;
    }
}
