namespace CheapTokens.Blazor.Checkout;

/// <summary>The "Checkout" configuration section.</summary>
public sealed class CheckoutOptions
{
    public const string SectionName = "Checkout";

    /// <summary>How long a quoted price is held (never past the next UTC midnight).</summary>
    public int QuoteHoldSeconds { get; set; } = 60;

    public int MaxCreditsPerOrder { get; set; } = 1000;

    /// <summary>Orders waiting for the buyer's card in the page that one client address may have open at once.</summary>
    public int UnpaidOrdersPerAddress { get; set; } = 2;

    /// <summary>Orders waiting for the buyer's card in the page that one e-mail address may have open at once.</summary>
    public int UnpaidOrdersPerEmail { get; set; } = 2;

    /// <summary>
    /// The most that unpaid in-page orders may hold together, as a percentage of a date's credits not yet paid for
    /// (supply minus paid): a new hold of c credits is taken only while held + c ≤ ⌊percent × (supply − paid) / 100⌋.
    /// </summary>
    public int UnpaidHoldPercent { get; set; } = 50;

    public TimeSpan QuoteHold => TimeSpan.FromSeconds(QuoteHoldSeconds);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (QuoteHoldSeconds is < 1 or > 3600)
            errors.Add($"{SectionName}:{nameof(QuoteHoldSeconds)} must be between 1 and 3600 (was {QuoteHoldSeconds}).");
        if (MaxCreditsPerOrder < 1)
            errors.Add($"{SectionName}:{nameof(MaxCreditsPerOrder)} must be at least 1 (was {MaxCreditsPerOrder}).");
        if (UnpaidOrdersPerAddress is < 1 or > 1000)
            errors.Add($"{SectionName}:{nameof(UnpaidOrdersPerAddress)} must be between 1 and 1000 (was {UnpaidOrdersPerAddress}).");
        if (UnpaidOrdersPerEmail is < 1 or > 1000)
            errors.Add($"{SectionName}:{nameof(UnpaidOrdersPerEmail)} must be between 1 and 1000 (was {UnpaidOrdersPerEmail}).");
        // Below 100: unpaid holds can never take the last credits of a date.
        if (UnpaidHoldPercent is < 1 or > 99)
            errors.Add($"{SectionName}:{nameof(UnpaidHoldPercent)} must be between 1 and 99 (was {UnpaidHoldPercent}).");
        return errors;
    }
}
