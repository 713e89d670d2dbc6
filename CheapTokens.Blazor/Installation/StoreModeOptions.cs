namespace CheapTokens.Blazor.Installation;

/// <summary>
/// Section "Store": what kind of install this is meant to be. Empty: whatever the Venice and payment settings make it,
/// as long as that is a demo (both simulated) or live (both real). <see cref="StoreModeName.Staging"/> is the one way
/// to run a mix outside Development.
/// </summary>
public sealed class StoreModeOptions
{
    public const string SectionName = "Store";

    /// <summary>Empty, "Demo", "Live" or "Staging". Demo and Live are checked against the settings; Staging allows a mix.</summary>
    public string Mode { get; set; } = "";

    /// <summary>The declared mode, or null when none is declared.</summary>
    public StoreModeName? Declared => Enum.TryParse<StoreModeName>(Mode, ignoreCase: true, out var name) && !int.TryParse(Mode, out _) ? name : null;

    public IReadOnlyList<string> Validate() =>
        string.IsNullOrWhiteSpace(Mode) || Declared is not null
            ? []
            : [$"{SectionName}:{nameof(Mode)} must be empty or one of {string.Join(", ", Enum.GetNames<StoreModeName>())} (was '{Mode}')."];
}
