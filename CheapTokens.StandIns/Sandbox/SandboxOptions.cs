namespace CheapTokens.StandIns.Sandbox;

/// <summary>"Payments:Sandbox", the store's setting for its sandbox.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Payments:Sandbox";

    /// <summary>How long each sandbox call takes, half before and half after it records anything, so a crash can land on either side.</summary>
    public int DelayMs { get; set; }

    public IReadOnlyList<string> Validate() =>
        DelayMs is < 0 or > 60_000 ? [$"{SectionName}:{nameof(DelayMs)} must be between 0 and 60000 (was {DelayMs})."] : [];
}
