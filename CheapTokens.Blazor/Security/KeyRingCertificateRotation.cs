using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Security;

/// <summary>
/// Data Protection never re-encrypts a key, so after a certificate is configured for the first time, or replaced, the
/// key in use stays as it was written (unencrypted, or with the old certificate) until it expires, up to 90 days, and
/// keeps sealing new secrets. At start-up, when the key in use was not encrypted with the current certificate, a new
/// key that is becomes the one in use; the older keys stay and still open what they sealed.
/// </summary>
public sealed class KeyRingCertificateRotation(
    X509Certificate2 certificate,
    IKeyManager keys,
    IKeyRingProvider ring,
    IOptions<KeyManagementOptions> options,
    TimeProvider clock,
    ILogger<KeyRingCertificateRotation> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Data Protection's own answer (on its own clock) to which key seals now; it writes the first key itself, with
        // the current certificate.
        var inUseId = ring.GetCurrentKeyRing().DefaultKeyId;
        var inUse = keys.GetAllKeys().Single(k => k.KeyId == inUseId);
        var written = options.Value.XmlRepository?.GetAllElements()
            .FirstOrDefault(e => (string?)e.Attribute("id") == inUseId.ToString());
        // An encrypted key carries the certificate it was encrypted with.
        if (written is null || written.ToString().Contains(Convert.ToBase64String(certificate.RawData), StringComparison.Ordinal))
            return Task.CompletedTask;

        // Activated now, and never before the key it replaces, so it is the newest and Data Protection takes it.
        var activation = clock.GetUtcNow() > inUse.ActivationDate ? clock.GetUtcNow() : inUse.ActivationDate.AddTicks(1);
        var created = keys.CreateNewKey(activation, activation + options.Value.NewKeyLifetime);
        logger.LogWarning("The Data Protection key in use ({OldKey}) was not encrypted with the current key-ring certificate " +
                          "(Storage:KeyRingCertificatePath); key {NewKey}, encrypted with it, seals from now on.", inUseId, created.KeyId);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
