namespace CheapTokens.Blazor.Data;

/// <summary>The "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Folder for the SQLite database and the data-protection key ring; relative paths are under the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// A PKCS#12 (.pfx) file whose certificate encrypts the Data Protection key ring; empty: the key ring is kept
    /// unencrypted, protected by the data folder's modes only. Relative paths are under the content root.
    /// </summary>
    public string KeyRingCertificatePath { get; set; } = "";

    /// <summary>The .pfx file's password; set it from the environment (Storage__KeyRingCertificatePassword).</summary>
    public string? KeyRingCertificatePassword { get; set; }

    /// <summary>
    /// Certificates the key ring was encrypted with before the current one: they only decrypt keys written before a
    /// rotation, so what those keys protect still opens; new keys are encrypted with the current certificate.
    /// </summary>
    public List<KeyRingCertificateOptions> KeyRingPreviousCertificates { get; set; } = [];

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory)) errors.Add($"{SectionName}:{nameof(DataDirectory)} must name a folder (default \"data\").");
        if (KeyRingPreviousCertificates.Count > 0 && string.IsNullOrWhiteSpace(KeyRingCertificatePath))
            errors.Add($"{SectionName}:{nameof(KeyRingPreviousCertificates)} needs {SectionName}:{nameof(KeyRingCertificatePath)}, the certificate that encrypts new keys.");
        for (var i = 0; i < KeyRingPreviousCertificates.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(KeyRingPreviousCertificates[i].Path))
                errors.Add($"{SectionName}:{nameof(KeyRingPreviousCertificates)}:{i}:{nameof(KeyRingCertificateOptions.Path)} must name a .pfx file.");
        }
        return errors;
    }
}

/// <summary>One entry of "Storage:KeyRingPreviousCertificates": a retired key-ring certificate that still decrypts.</summary>
public sealed class KeyRingCertificateOptions
{
    /// <summary>A PKCS#12 (.pfx) file with its private key; relative paths are under the content root.</summary>
    public string Path { get; set; } = "";

    /// <summary>Its password; set it from the environment (Storage__KeyRingPreviousCertificates__0__Password).</summary>
    public string? Password { get; set; }

    public override string ToString() => $"KeyRingCertificateOptions {{ Path = {Path} }}";
}
