using CheapTokens.Blazor.Pricing;

namespace CheapTokens.Blazor.Components.Checkout;

/// <summary>What one credit buys, as the pages explain it: a diem's worth and a worked example for one Venice model.</summary>
/// <param name="UsdPerDiem">Dollars of Venice API use, at Venice's list prices, that one diem allows in a UTC day.</param>
/// <param name="ExampleCredits">How many credits the worked example buys.</param>
/// <param name="ExampleModel">The Venice model id the example is worked out for.</param>
/// <param name="InputUsdPerMillionTokens">Venice's price for a million input tokens of that model.</param>
/// <param name="OutputUsdPerMillionTokens">Venice's price for a million output tokens of that model.</param>
public sealed record DiemSettings(decimal UsdPerDiem, int ExampleCredits, string ExampleModel, decimal InputUsdPerMillionTokens, decimal OutputUsdPerMillionTokens)
{
    public static DiemSettings From(DiemOptions diem) => new(diem.UsdPerDiem, diem.ExampleCredits, diem.ExampleModel,
        diem.ExampleInputUsdPerMillionTokens, diem.ExampleOutputUsdPerMillionTokens);

    /// <summary>The Venice API use the example's credits allow, in dollars at Venice's list prices.</summary>
    public decimal ExampleUsd => UsdPerDiem * ExampleCredits;

    /// <summary>Millions of the model's input tokens the example buys, if spent on input alone.</summary>
    public decimal ExampleInputMillions => ExampleUsd / InputUsdPerMillionTokens;

    /// <summary>Millions of the model's output tokens the example buys, if spent on output alone.</summary>
    public decimal ExampleOutputMillions => ExampleUsd / OutputUsdPerMillionTokens;
}
