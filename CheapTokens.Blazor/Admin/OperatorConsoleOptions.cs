namespace CheapTokens.Blazor.Admin;

/// <summary>The "OperatorConsole" configuration section.</summary>
public sealed class OperatorConsoleOptions
{
    public const string SectionName = "OperatorConsole";

    /// <summary>
    /// An order waiting this long for its key, a payment left unsettled this long, or a failed order not refunded
    /// after this long goes to the queue of orders that need a person.
    /// </summary>
    public int StuckAfterMinutes { get; set; } = 15;

    public TimeSpan StuckAfter => TimeSpan.FromMinutes(StuckAfterMinutes);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (StuckAfterMinutes is < 1 or > 1440)
            errors.Add($"{SectionName}:{nameof(StuckAfterMinutes)} must be between 1 and 1440 (was {StuckAfterMinutes}).");
        return errors;
    }
}
