using System.Globalization;

namespace CheapTokens.Core.Pricing;

/// <summary>The "Pricing" configuration section.</summary>
public sealed class PricingOptions
{
    public const string SectionName = "Pricing";

    /// <summary>Price of one credit (one diem of Venice compute) before any discount, in USD.</summary>
    public decimal ListPrice { get; set; } = 1.00m;

    /// <summary>Credits for sale per UTC day; renews at midnight.</summary>
    public int DailySupply { get; set; } = 10_000;

    /// <summary>Points of the day's discount curve, in time order, linear between them. The default curve is in appsettings.json.</summary>
    public List<CurvePointOptions> Curve { get; set; } = [];

    /// <summary>Every problem with this configuration, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ListPrice <= 0) errors.Add($"{SectionName}:{nameof(ListPrice)} must be greater than 0 (was {ListPrice}).");
        if (DailySupply < 0) errors.Add($"{SectionName}:{nameof(DailySupply)} must not be negative (was {DailySupply}).");

        var points = Curve;
        if (points.Count < 2) errors.Add($"{SectionName}:{nameof(Curve)} needs at least two points (00:00 and 24:00).");
        TimeSpan? previousAt = null;
        decimal? previousDiscount = null;
        for (var i = 0; i < points.Count; i++)
        {
            var key = $"{SectionName}:{nameof(Curve)}:{i}";
            if (!CurvePointOptions.TryParseAt(points[i].At, out var at))
            {
                errors.Add($"{key}:At must be a time of day HH:mm between 00:00 and 24:00 (was '{points[i].At}').");
                continue;
            }
            var discount = points[i].DiscountPercent;
            if (discount is < 0 or > 100)
                errors.Add($"{key}:DiscountPercent must be between 0 and 100 (was {discount}).");
            if (i == 0 && at != TimeSpan.Zero)
                errors.Add($"{key}:At must be 00:00: the curve starts at midnight (was '{points[i].At}').");
            if (i == points.Count - 1 && at != TimeSpan.FromDays(1))
                errors.Add($"{key}:At must be 24:00: the curve ends at midnight (was '{points[i].At}').");
            if (previousAt is { } p && at <= p)
                errors.Add($"{key}:At must come after the previous point (points must be sorted; was '{points[i].At}').");
            if (previousDiscount is { } d && discount < d)
                errors.Add($"{key}:DiscountPercent must not fall below the previous point's {d}: the price would rise during the day.");
            previousAt = at;
            previousDiscount = discount;
        }
        return errors;
    }

    /// <summary>The validated curve; call <see cref="Validate"/> first.</summary>
    public PriceCurve BuildCurve() =>
        new(ListPrice, Curve.Select(p => new CurvePoint(CurvePointOptions.ParseAt(p.At), p.DiscountPercent)).ToList());
}

public sealed class CurvePointOptions
{
    /// <summary>Time of day UTC as HH:mm or HH:mm:ss; "24:00" is the end of the day.</summary>
    public string At { get; set; } = "";

    public decimal DiscountPercent { get; set; }

    public static bool TryParseAt(string? text, out TimeSpan at)
    {
        at = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (text.Trim() is "24:00" or "24:00:00")
        {
            at = TimeSpan.FromDays(1);
            return true;
        }
        return TimeSpan.TryParseExact(text.Trim(), [@"hh\:mm", @"hh\:mm\:ss"], CultureInfo.InvariantCulture, out at)
               && at >= TimeSpan.Zero && at < TimeSpan.FromDays(1);
    }

    public static TimeSpan ParseAt(string text) =>
        TryParseAt(text, out var at) ? at : throw new FormatException($"'{text}' is not a time of day HH:mm.");
}
