namespace CheapTokens.Blazor.Data;

/// <summary>The "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Folder for the SQLite database and the data-protection key ring; relative paths are under the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    public IReadOnlyList<string> Validate() =>
        string.IsNullOrWhiteSpace(DataDirectory)
            ? [$"{SectionName}:{nameof(DataDirectory)} must name a folder (default \"data\")."]
            : [];
}
