using System.Globalization;

namespace CheapTokens.Blazor.KeyPool;

/// <summary>The "KeyPool" configuration section: keys minted ahead per Venice account, and what capacity may promise.</summary>
public sealed class KeyPoolOptions
{
    public const string SectionName = "KeyPool";

    /// <summary>Pre-mint keys and hand them out at payment. Off: every order mints its own key, as before.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Unclaimed keys for today each account fills up to.</summary>
    public int Size { get; set; } = 50;

    /// <summary>An account's pool is refilled (up to <see cref="Size"/>) once fewer than this many keys are left.</summary>
    public int LowWaterMark { get; set; } = 20;

    /// <summary>Most pool keys minted per account per minute; refilling only ever takes creation slots that are free.</summary>
    public int RefillPerMinute { get; set; } = 20;

    /// <summary>How often the refill job runs.</summary>
    public int RefillIntervalSeconds { get; set; } = 10;

    /// <summary>The consumption limit a pool key carries until an order claims it: the smallest Venice accepts.</summary>
    public decimal PlaceholderLimit { get; set; } = 0.01m;

    /// <summary>No key is minted for an order in the last seconds before 00:00 UTC (it would reach the buyer too late).</summary>
    public int HandOutMarginSeconds { get; set; } = 30;

    /// <summary>Venice's cap on active keys per account.</summary>
    public int MaxActiveKeysPerAccount { get; set; } = 500;

    public TimeSpan HandOutMargin => TimeSpan.FromSeconds(HandOutMarginSeconds);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Size is < 0 or > 500) errors.Add($"{SectionName}:{nameof(Size)} must be between 0 and 500 (was {Size}).");
        if (LowWaterMark < 0 || LowWaterMark > Size)
            errors.Add($"{SectionName}:{nameof(LowWaterMark)} must be between 0 and {SectionName}:{nameof(Size)} (was {LowWaterMark}).");
        if (RefillPerMinute is < 1 or > 1000) errors.Add($"{SectionName}:{nameof(RefillPerMinute)} must be between 1 and 1000 (was {RefillPerMinute}).");
        if (RefillIntervalSeconds is < 1 or > 3600)
            errors.Add($"{SectionName}:{nameof(RefillIntervalSeconds)} must be between 1 and 3600 (was {RefillIntervalSeconds}).");
        if (PlaceholderLimit is <= 0 or > 1)
            errors.Add($"{SectionName}:{nameof(PlaceholderLimit)} must be greater than 0 and at most 1 (was {PlaceholderLimit.ToString(CultureInfo.InvariantCulture)}).");
        if (HandOutMarginSeconds is < 0 or > 3600)
            errors.Add($"{SectionName}:{nameof(HandOutMarginSeconds)} must be between 0 and 3600 (was {HandOutMarginSeconds}).");
        if (MaxActiveKeysPerAccount is < 1 or > 100_000)
            errors.Add($"{SectionName}:{nameof(MaxActiveKeysPerAccount)} must be between 1 and 100000 (was {MaxActiveKeysPerAccount}).");
        return errors;
    }
}
