using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using CheapTokens.Blazor.Components.Checkout;
using Microsoft.AspNetCore.Components;
using static CheapTokens.Blazor.Components.Live.ChartScale;

namespace CheapTokens.Blazor.Components.Live;

/// <summary>
/// The parts of the price chart that follow only the day's curve, drawn once per curve as markup that every open
/// page holds by reference. As components they cost each page two render buffers of some 500 frames, 24 labels and
/// 96 event handlers for hover and focus; as shared markup they cost a page nothing, and hovering or focusing an
/// hour shows its price through CSS without a round trip.
/// </summary>
public sealed class ChartArt
{
    private static readonly ConditionalWeakTable<IReadOnlyList<ChartPoint>, ChartArt> Drawn = new();

    private ChartArt(decimal listPrice, MarkupString backdrop, MarkupString hourBands)
    {
        ListPrice = listPrice;
        Backdrop = backdrop;
        HourBands = hourBands;
    }

    public decimal ListPrice { get; }

    /// <summary>Grid, axis labels and the curve: drawn under the now-line.</summary>
    public MarkupString Backdrop { get; }

    /// <summary>One focusable band per hour with its price as a tip: drawn over everything, shown on hover or focus.</summary>
    public MarkupString HourBands { get; }

    public static ChartArt For(IReadOnlyList<ChartPoint> points, decimal listPrice)
    {
        if (Drawn.TryGetValue(points, out var art) && art.ListPrice == listPrice) return art;
        art = new ChartArt(listPrice, DrawBackdrop(points, listPrice), DrawHourBands(points));
        Drawn.AddOrUpdate(points, art);
        return art;
    }

    private static MarkupString DrawBackdrop(IReadOnlyList<ChartPoint> points, decimal listPrice)
    {
        var svg = new StringBuilder();
        foreach (var h in (int[])[0, 6, 12, 18, 24])
        {
            var anchor = h == 0 ? "start" : h == 24 ? "end" : "middle";
            svg.Append(CultureInfo.InvariantCulture,
                $"""<line class="chart-grid" x1="{F(X(h))}" x2="{F(X(h))}" y1="{F(Top)}" y2="{F(Bottom)}"></line><text class="chart-axis" x="{F(X(h))}" y="{F(Height - 4)}" text-anchor="{anchor}">{h:00}:00</text>""");
        }
        svg.Append(CultureInfo.InvariantCulture, $"""<text class="chart-axis" x="2" y="{F(Top + 10)}">{Encode(CheckoutInput.Dollars(listPrice))}</text>""");
        var path = string.Join(" ", points.Select((p, i) => $"{(i == 0 ? "M" : "L")}{F(X(p.Hour))} {F(Y(p.Price, listPrice))}"));
        svg.Append(CultureInfo.InvariantCulture, $"""<path class="curve-line" d="{path}" data-testid="curve-path"></path>""");
        return new MarkupString(svg.ToString());
    }

    private static MarkupString DrawHourBands(IReadOnlyList<ChartPoint> points)
    {
        var svg = new StringBuilder();
        for (var hour = 0; hour < 24; hour++)
        {
            var label = Encode(HourLabel(points, hour));
            // The tip reads towards the middle of the chart so it never runs off either edge.
            var (tipX, anchor) = hour < 12 ? (X(hour) + 2, "start") : (X(hour + 1) - 2, "end");
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect class="chart-hour" x="{F(X(hour))}" y="{F(Top)}" width="{F(X(1) - X(0))}" height="{F(Bottom - Top)}" tabindex="0" role="img" aria-label="{label}" data-hour="{hour}"></rect>""");
            svg.Append(CultureInfo.InvariantCulture,
                $"""<text class="chart-tip" x="{F(tipX)}" y="{F(Top + 12)}" text-anchor="{anchor}" aria-hidden="true" data-testid="chart-tip">{label}</text>""");
        }
        return new MarkupString(svg.ToString());
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
