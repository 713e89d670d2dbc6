namespace CheapTokens.Core.Passes;

/// <summary>The "Passes" configuration section: the multi-day diem pass.</summary>
public sealed class PassOptions
{
    public const string SectionName = "Passes";

    /// <summary>Most diem per UTC day one pass may carry.</summary>
    public int MaxDiemPerDay { get; set; } = 100;

    /// <summary>
    /// How many UTC dates are on sale, today included: the last date a pass may cover is
    /// today + <see cref="HorizonDays"/> - 1.
    /// </summary>
    public int HorizonDays { get; set; } = 30;

    /// <summary>Discount off list price for a future date (today is sold at the live decayed price).</summary>
    public decimal AdvanceDiscountPercent { get; set; } = 25m;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxDiemPerDay < 1)
            errors.Add($"{SectionName}:{nameof(MaxDiemPerDay)} must be at least 1 (was {MaxDiemPerDay}).");
        if (HorizonDays is < 1 or > 366)
            errors.Add($"{SectionName}:{nameof(HorizonDays)} must be between 1 and 366 (was {HorizonDays}).");
        if (AdvanceDiscountPercent is < 0 or >= 100)
            errors.Add($"{SectionName}:{nameof(AdvanceDiscountPercent)} must be at least 0 and below 100 (was {AdvanceDiscountPercent}).");
        return errors;
    }

    /// <summary>The last date on sale when today is <paramref name="today"/>.</summary>
    public DateOnly LastDateOnSale(DateOnly today) => today.AddDays(HorizonDays - 1);
}
