namespace CheapTokens.Blazor.Provisioning;

/// <summary>The "Provisioning" configuration section.</summary>
public sealed class ProvisioningOptions
{
    public const string SectionName = "Provisioning";

    /// <summary>Venice allows about 20 key creations per minute per account.</summary>
    public int KeyCreationsPerMinute { get; set; } = 20;

    /// <summary>Attempts per order when Venice keeps failing transiently (each attempt already retries inside the client).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Pause before a transiently failed order is tried again.</summary>
    public int RetryDelaySeconds { get; set; } = 10;

    /// <summary>How often expired keys are deleted from Venice, so they stop counting against its 500 live keys.</summary>
    public int ExpiredKeySweepMinutes { get; set; } = 5;

    /// <summary>Orders worked on at once, so a pool hand-out never waits behind a key being minted under pacing.</summary>
    public int WorkerConcurrency { get; set; } = 8;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (KeyCreationsPerMinute is < 1 or > 1000) errors.Add($"{SectionName}:{nameof(KeyCreationsPerMinute)} must be between 1 and 1000.");
        if (MaxAttempts is < 1 or > 20) errors.Add($"{SectionName}:{nameof(MaxAttempts)} must be between 1 and 20.");
        if (RetryDelaySeconds is < 0 or > 3600) errors.Add($"{SectionName}:{nameof(RetryDelaySeconds)} must be between 0 and 3600.");
        if (ExpiredKeySweepMinutes is < 1 or > 1440) errors.Add($"{SectionName}:{nameof(ExpiredKeySweepMinutes)} must be between 1 and 1440.");
        if (WorkerConcurrency is < 1 or > 64) errors.Add($"{SectionName}:{nameof(WorkerConcurrency)} must be between 1 and 64.");
        return errors;
    }
}
