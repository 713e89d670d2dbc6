using System.Text.Json;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Pricing;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Pricing;

/// <summary>
/// What an operator can change about prices: the list price, the day's curve, the daily supply, and the pass's advance
/// discount and horizon. appsettings.json gives the first version; the console saves later ones.
/// </summary>
public sealed record PricingSettings(decimal ListPrice, IReadOnlyList<CurvePointOptions> Curve, int DailySupply, decimal AdvanceDiscountPercent, int HorizonDays)
{
    public static PricingSettings From(PricingOptions pricing, PassOptions passes) =>
        new(pricing.ListPrice, pricing.Curve.Select(p => new CurvePointOptions { At = p.At, DiscountPercent = p.DiscountPercent }).ToList(),
            pricing.DailySupply, passes.AdvanceDiscountPercent, passes.HorizonDays);

    public PricingOptions ToPricingOptions() => new()
    {
        ListPrice = ListPrice,
        DailySupply = DailySupply,
        Curve = Curve.Select(p => new CurvePointOptions { At = p.At, DiscountPercent = p.DiscountPercent }).ToList(),
    };

    /// <summary>The configured pass options with this version's advance discount and horizon.</summary>
    public PassOptions ToPassOptions(PassOptions configured) => new()
    {
        MaxDiemPerDay = configured.MaxDiemPerDay,
        AdvanceDiscountPercent = AdvanceDiscountPercent,
        HorizonDays = HorizonDays,
    };

    /// <summary>Every problem, worded and keyed as at start-up; empty when the version may be used.</summary>
    public IReadOnlyList<string> Validate(PassOptions configured) =>
        [.. ToPricingOptions().Validate(), .. ToPassOptions(configured).Validate()];

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static PricingSettings FromJson(string json) =>
        JsonSerializer.Deserialize<PricingSettings>(json, JsonOptions) ?? throw new InvalidOperationException("Empty pricing version.");

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>One saved pricing version. Rows are only added; the newest is in force.</summary>
public sealed class PricingVersion
{
    public long Id { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    /// <summary>The <see cref="PricingSettings"/> as JSON.</summary>
    public string Settings { get; set; } = "";
}

/// <summary>
/// The pricing in force, for everything that prices: quotes, the price board (pages and hub), pass dates, supply.
/// Swapped whole when a new version is saved (in this process at once, in others at their next tick), so a reader
/// always sees one consistent version.
/// </summary>
public sealed class LivePricing
{
    private volatile State _state;

    public LivePricing(PricingSettings initial, PassOptions configuredPasses)
    {
        ConfiguredPasses = configuredPasses;
        _state = Build(initial, 0);
    }

    public LivePricing(IOptions<PricingOptions> pricing, IOptions<PassOptions> passes)
        : this(PricingSettings.From(pricing.Value, passes.Value), passes.Value)
    {
    }

    private sealed record State(PricingSettings Settings, long Version, PriceCurve Curve, PassOptions Passes);

    /// <summary>The pass options from configuration; a version changes only the advance discount and the horizon.</summary>
    public PassOptions ConfiguredPasses { get; }

    public PricingSettings Settings => _state.Settings;

    /// <summary>The saved version in force; 0 for appsettings.json's.</summary>
    public long Version => _state.Version;

    public PriceCurve Curve => _state.Curve;

    public int DailySupply => _state.Settings.DailySupply;

    public PassOptions Passes => _state.Passes;

    /// <summary>Puts <paramref name="settings"/> in force; they must be valid (see <see cref="PricingSettings.Validate"/>).</summary>
    public void Apply(PricingSettings settings, long version)
    {
        if (version == _state.Version && version != 0) return;
        _state = Build(settings, version);
    }

    private State Build(PricingSettings settings, long version) =>
        new(settings, version, settings.ToPricingOptions().BuildCurve(), settings.ToPassOptions(ConfiguredPasses));
}

/// <summary>Puts the newest saved pricing version in force before the app serves (after the database is migrated).</summary>
internal sealed class PricingVersionLoader(PricingVersions versions) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => versions.RefreshAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
