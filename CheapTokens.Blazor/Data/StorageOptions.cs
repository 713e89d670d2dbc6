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

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory)) errors.Add($"{SectionName}:{nameof(DataDirectory)} must name a folder (default \"data\").");
        return errors;
    }
}
