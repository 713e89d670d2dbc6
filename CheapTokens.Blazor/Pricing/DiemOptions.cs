namespace CheapTokens.Blazor.Pricing;

/// <summary>
/// The "Diem" configuration section: what one credit buys, in the figures the pages use to explain it. A credit is one
/// Venice diem, a day's allowance of Venice API use worth <see cref="UsdPerDiem"/> at Venice's list prices; the example
/// model's prices are Venice's published per-million-token prices and change when Venice changes them.
/// </summary>
public sealed class DiemOptions
{
    public const string SectionName = "Diem";

    /// <summary>US dollars of Venice API use, at Venice's list prices, that one diem allows in a UTC day.</summary>
    public decimal UsdPerDiem { get; set; } = 1.00m;

    /// <summary>How many credits the worked example buys.</summary>
    public int ExampleCredits { get; set; } = 25;

    /// <summary>The Venice model id the example is worked out for.</summary>
    public string ExampleModel { get; set; } = "llama-3.3-70b";

    /// <summary>Venice's price for a million input (prompt) tokens of the example model, in USD.</summary>
    public decimal ExampleInputUsdPerMillionTokens { get; set; } = 0.70m;

    /// <summary>Venice's price for a million output (completion) tokens of the example model, in USD.</summary>
    public decimal ExampleOutputUsdPerMillionTokens { get; set; } = 2.80m;

    /// <summary>Every problem with this configuration, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (UsdPerDiem <= 0) errors.Add($"{SectionName}:{nameof(UsdPerDiem)} must be greater than 0 (was {UsdPerDiem}).");
        if (ExampleCredits < 1) errors.Add($"{SectionName}:{nameof(ExampleCredits)} must be at least 1 (was {ExampleCredits}).");
        if (string.IsNullOrWhiteSpace(ExampleModel)) errors.Add($"{SectionName}:{nameof(ExampleModel)} must name a Venice model.");
        if (ExampleInputUsdPerMillionTokens <= 0)
            errors.Add($"{SectionName}:{nameof(ExampleInputUsdPerMillionTokens)} must be greater than 0 (was {ExampleInputUsdPerMillionTokens}).");
        if (ExampleOutputUsdPerMillionTokens <= 0)
            errors.Add($"{SectionName}:{nameof(ExampleOutputUsdPerMillionTokens)} must be greater than 0 (was {ExampleOutputUsdPerMillionTokens}).");
        return errors;
    }
}
