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

    private ChartArt(decimal listPrice, MarkupString backdrop, MarkupString priceAxis, MarkupString hourAxis, MarkupString hourBands)
    {
        ListPrice = listPrice;
        Backdrop = backdrop;
        PriceAxis = priceAxis;
        HourAxis = hourAxis;
        HourBands = hourBands;
    }

    public decimal ListPrice { get; }

    /// <summary>SVG: the gridlines and the curve, drawn under the now-line.</summary>
    public MarkupString Backdrop { get; }

    /// <summary>HTML: the price axis, a label at each gridline from $0 to the list price.</summary>
    public MarkupString PriceAxis { get; }

    /// <summary>
    /// HTML: the hour axis under the plot; labels between the 6-hourly ones are marked minor (hidden when narrow), and
    /// the minutes are dropped on the narrowest.
    /// </summary>
    public MarkupString HourAxis { get; }

    /// <summary>
    /// HTML: one focusable band per hour across the plot, each followed by its price as a tip that CSS shows above the
    /// plot while the band is hovered or focused.
    /// </summary>
    public MarkupString HourBands { get; }

    public static ChartArt For(IReadOnlyList<ChartPoint> points, decimal listPrice)
    {
        if (Drawn.TryGetValue(points, out var art) && art.ListPrice == listPrice) return art;
        art = new ChartArt(listPrice, DrawBackdrop(points, listPrice), DrawPriceAxis(listPrice), DrawHourAxis(), DrawHourBands(points));
        Drawn.AddOrUpdate(points, art);
        return art;
    }

    private static MarkupString DrawBackdrop(IReadOnlyList<ChartPoint> points, decimal listPrice)
    {
        var svg = new StringBuilder();
        foreach (var tick in PriceTicks(listPrice))
            svg.Append(CultureInfo.InvariantCulture,
                $"""<line class="chart-grid" x1="{F(Left)}" x2="{F(Right)}" y1="{F(Y(tick, listPrice))}" y2="{F(Y(tick, listPrice))}"></line>""");
        foreach (var h in (int[])[6, 12, 18])
            svg.Append(CultureInfo.InvariantCulture,
                $"""<line class="chart-grid" x1="{F(X(h))}" x2="{F(X(h))}" y1="{F(Top)}" y2="{F(Bottom)}"></line>""");
        var path = string.Join(" ", points.Select((p, i) => $"{(i == 0 ? "M" : "L")}{F(X(p.Hour))} {F(Y(p.Price, listPrice))}"));
        svg.Append(CultureInfo.InvariantCulture, $"""<path class="curve-line" d="{path}" data-testid="curve-path"></path>""");
        return new MarkupString(svg.ToString());
    }

    private static MarkupString DrawPriceAxis(decimal listPrice)
    {
        // The widest label, laid out but unseen, gives the axis its width; the labels themselves sit at their gridlines.
        var html = new StringBuilder($"""<span class="chart-ysizer">{Encode(CheckoutInput.Dollars(listPrice))}</span>""");
        foreach (var tick in PriceTicks(listPrice))
            html.Append(CultureInfo.InvariantCulture,
                $"""<span class="chart-ylabel" style="top: {Percent(Y(tick, listPrice), Height)}%" data-testid="chart-price-label">{Encode(CheckoutInput.Dollars(tick))}</span>""");
        return new MarkupString(html.ToString());
    }

    private static MarkupString DrawHourAxis()
    {
        var html = new StringBuilder();
        foreach (var h in HourTicks)
        {
            var place = h == 0 ? " first" : h == 24 ? " last" : "";
            var minor = h % 6 == 0 ? "" : " minor";
            html.Append(CultureInfo.InvariantCulture,
                $"""<span class="chart-xlabel{place}{minor}" style="left: {Percent(X(h), Width)}%" data-testid="chart-hour-label">{h:00}<span class="chart-xminutes">:00</span></span>""");
        }
        return new MarkupString(html.ToString());
    }

    private static MarkupString DrawHourBands(IReadOnlyList<ChartPoint> points)
    {
        var html = new StringBuilder();
        for (var hour = 0; hour < 24; hour++)
        {
            var label = Encode(HourLabel(points, hour));
            html.Append(CultureInfo.InvariantCulture,
                $"""<div class="chart-hour" tabindex="0" role="img" aria-label="{label}" data-hour="{hour}"></div><span class="chart-tip" aria-hidden="true" data-testid="chart-tip">{label}</span>""");
        }
        return new MarkupString(html.ToString());
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
