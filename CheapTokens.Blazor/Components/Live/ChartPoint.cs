using System.Runtime.CompilerServices;
using CheapTokens.Core.Pricing;

namespace CheapTokens.Blazor.Components.Live;

/// <summary>A plotted point; chart axes are doubles, the prices behind them stay decimal.</summary>
public sealed record ChartPoint(double Hour, decimal Price)
{
    // One plot per curve for the whole process: every open page shows the same curve, and the chart's drawing is
    // shared by reference (ChartArt), so pages must also share the points it is keyed on.
    private static readonly ConditionalWeakTable<PriceCurve, IReadOnlyList<ChartPoint>> Plotted = new();

    /// <summary>The curve's own corners plus every whole hour, read from the curve itself (never from its text).</summary>
    public static IReadOnlyList<ChartPoint> Of(PriceCurve curve) => Plotted.GetValue(curve, Plot);

    private static IReadOnlyList<ChartPoint> Plot(PriceCurve curve) =>
        curve.Points.Select(p => p.At)
            .Concat(Enumerable.Range(0, 25).Select(h => TimeSpan.FromHours(h)))
            .Where(at => at >= TimeSpan.Zero && at <= TimeSpan.FromDays(1))
            .Distinct()
            .Order()
            .Select(at => new ChartPoint(at.TotalHours, curve.UnitPriceAt(at)))
            .ToList()
            .AsReadOnly();
}
