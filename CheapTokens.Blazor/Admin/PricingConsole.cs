using System.Globalization;
using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Core.Pricing;

namespace CheapTokens.Blazor.Admin;

/// <summary>The pricing form's fields as typed; <see cref="Parse"/> turns them into settings or says what is wrong.</summary>
public sealed class PricingDraft
{
    public string ListPrice { get; set; } = "";

    /// <summary>One point a line: "HH:mm discount%", e.g. "18:00 43".</summary>
    public string Curve { get; set; } = "";

    public string DailySupply { get; set; } = "";

    public string AdvanceDiscountPercent { get; set; } = "";

    public string HorizonDays { get; set; } = "";

    public static PricingDraft Of(PricingSettings s) => new()
    {
        ListPrice = s.ListPrice.ToString(CultureInfo.InvariantCulture),
        Curve = string.Join("\n", s.Curve.Select(p => $"{p.At} {p.DiscountPercent.ToString(CultureInfo.InvariantCulture)}")),
        DailySupply = s.DailySupply.ToString(CultureInfo.InvariantCulture),
        AdvanceDiscountPercent = s.AdvanceDiscountPercent.ToString(CultureInfo.InvariantCulture),
        HorizonDays = s.HorizonDays.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The settings, validated as at start-up (<paramref name="passes"/> gives what a version does not change).</summary>
    public (PricingSettings? Settings, IReadOnlyList<string> Errors) Parse(Core.Passes.PassOptions passes)
    {
        var errors = new List<string>();
        var listPrice = Number(ListPrice, "List price", errors);
        var supply = Whole(DailySupply, "Daily supply", errors);
        var advance = Number(AdvanceDiscountPercent, "Pass advance discount", errors);
        var horizon = Whole(HorizonDays, "Pass horizon", errors);
        var points = new List<CurvePointOptions>();
        var lines = (Curve ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !decimal.TryParse(parts[1].TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out var discount))
                errors.Add($"Curve line {i + 1}: write a time and a discount, e.g. \"18:00 43\" (was \"{lines[i]}\").");
            else points.Add(new CurvePointOptions { At = parts[0], DiscountPercent = discount });
        }
        if (errors.Count > 0) return (null, errors);
        var settings = new PricingSettings(listPrice, points, supply, advance, horizon);
        var invalid = settings.Validate(passes);
        return invalid.Count > 0 ? (null, invalid) : (settings, []);
    }

    private static decimal Number(string text, string name, List<string> errors)
    {
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add($"{name} must be a number (was \"{text}\").");
        return 0;
    }

    private static int Whole(string text, string name, List<string> errors)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add($"{name} must be a whole number (was \"{text}\").");
        return 0;
    }
}

/// <summary>Saves a pricing version from the console: audited, in force at once here and on every page from the next tick.</summary>
public sealed class PricingConsole(PricingVersions versions, LivePricing live, PriceBoard board, PriceFeed feed, OperatorAudit audit)
{
    public async Task<(IReadOnlyList<string> Errors, PricingVersion? Saved)> SaveAsync(PricingDraft draft, string actor, CancellationToken cancellationToken)
    {
        var (settings, errors) = draft.Parse(live.ConfiguredPasses);
        if (settings is null) return (errors, null);
        var before = live.Settings;
        // The version and its audit entry commit together.
        var saved = await versions.SaveAsync(settings, actor, cancellationToken, (db, version) =>
            audit.RecordInAsync(db, $"pricing version {version.Id}", Describe(before), Describe(settings), actor, cancellationToken));
        if (saved.Saved is not null)
        {
            // Pages and the hub see the new price now rather than at the next tick.
            feed.Publish(await board.ComputeAsync(cancellationToken));
        }
        return saved;
    }

    /// <summary>The latest saved versions, newest first, for the page's history.</summary>
    public Task<IReadOnlyList<PricingVersion>> LatestVersionsAsync(int count, CancellationToken cancellationToken) =>
        versions.ListAsync(count, cancellationToken);

    public static string Describe(PricingSettings s) =>
        FormattableString.Invariant($"list {s.ListPrice}, supply {s.DailySupply}, curve ") +
        string.Join(" ", s.Curve.Select(p => FormattableString.Invariant($"{p.At}={p.DiscountPercent}%"))) +
        FormattableString.Invariant($", pass advance {s.AdvanceDiscountPercent}% for {s.HorizonDays} days");
}
