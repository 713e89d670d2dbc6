namespace CheapTokens.Blazor.Checkout;

/// <summary>The "Checkout" configuration section.</summary>
public sealed class CheckoutOptions
{
    public const string SectionName = "Checkout";

    /// <summary>How long a quoted price is held (never past the next UTC midnight).</summary>
    public int QuoteHoldSeconds { get; set; } = 60;

    public int MaxCreditsPerOrder { get; set; } = 1000;

    public TimeSpan QuoteHold => TimeSpan.FromSeconds(QuoteHoldSeconds);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (QuoteHoldSeconds is < 1 or > 3600)
            errors.Add($"{SectionName}:{nameof(QuoteHoldSeconds)} must be between 1 and 3600 (was {QuoteHoldSeconds}).");
        if (MaxCreditsPerOrder < 1)
            errors.Add($"{SectionName}:{nameof(MaxCreditsPerOrder)} must be at least 1 (was {MaxCreditsPerOrder}).");
        return errors;
    }
}
