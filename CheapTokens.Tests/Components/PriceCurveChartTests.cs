using Bunit;
using CheapTokens.Blazor.Components.Live;

namespace CheapTokens.Tests.Components;

public class PriceCurveChartTests : ComponentTestContext
{
    private IRenderedComponent<PriceCurveChart> RenderAt(IReadOnlyList<ChartPoint> points, double hour) =>
        Render<PriceCurveChart>(ps => ps
            .Add(p => p.Points, points)
            .Add(p => p.ListPrice, 1m)
            .Add(p => p.NowHour, hour)
            .Add(p => p.NowPrice, 0.5m));

    [Fact]
    public void OnlyTheNowLineAndTheShadeMoveWithTheClock()
    {
        var points = ChartPoint.Of(Curve);
        var cut = RenderAt(points, 14);
        var path = cut.Find("[data-testid=curve-path]").GetAttribute("d");
        var line = cut.Find("[data-testid=chart-now]").GetAttribute("x1");
        var past = cut.Find("[data-testid=chart-past]").GetAttribute("width");

        cut.Render(ps => ps.Add(p => p.NowHour, 14.5).Add(p => p.NowPrice, 0.45m));

        Assert.Equal(path, cut.Find("[data-testid=curve-path]").GetAttribute("d"));
        Assert.NotEqual(line, cut.Find("[data-testid=chart-now]").GetAttribute("x1"));
        Assert.True(double.Parse(cut.Find("[data-testid=chart-past]").GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture)
                    > double.Parse(past!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void EveryOpenPageSharesOneDrawingOfTheDaysCurve()
    {
        // Two pages of the same curve: one plot and one drawing, held by reference rather than built per page.
        Assert.Same(ChartPoint.Of(Curve), ChartPoint.Of(Curve));
        var points = ChartPoint.Of(Curve);
        var art = ChartArt.For(points, 1m);
        Assert.Same(art, ChartArt.For(points, 1m));
        Assert.Same(art.HourBands.Value, ChartArt.For(points, 1m).HourBands.Value);

        // A new list price draws anew: the axis label names it.
        Assert.Contains("$2.00", ChartArt.For(points, 2m).Backdrop.Value);
        Assert.Contains("$1.00", ChartArt.For(points, 1m).Backdrop.Value);
    }

    [Fact]
    public void ANowLineThatMovesLessThanATenthOfAUnitDoesNotRedraw()
    {
        var points = ChartPoint.Of(Curve);
        var cut = RenderAt(points, 14 + 10 / 3600.0);
        var renders = cut.RenderCount;

        // Five seconds later the line has crept about 0.03 units: nothing a viewer could see.
        cut.Render(ps => ps.Add(p => p.NowHour, 14 + 15 / 3600.0));
        Assert.Equal(renders, cut.RenderCount);

        // Half a minute later it has moved far enough to draw.
        cut.Render(ps => ps.Add(p => p.NowHour, 14 + 45 / 3600.0));
        Assert.Equal(renders + 1, cut.RenderCount);
    }

    [Fact]
    public void EveryHourCarriesItsPriceForHoverAndKeyboardFocus()
    {
        var cut = RenderAt(ChartPoint.Of(Curve), 14);
        var hours = cut.FindAll("rect.chart-hour");
        Assert.Equal(24, hours.Count);
        Assert.All(hours, h => Assert.Equal("0", h.GetAttribute("tabindex")));

        // 18:00 on a curve from $1.00 to $0.10: 67.5% off. The band names its price for screen readers, and the tip
        // drawn right after it (which CSS shows while the band is hovered or focused) says the same.
        Assert.Equal("At 18:00 UTC: $0.325000 per credit", hours[18].GetAttribute("aria-label"));
        Assert.Equal("At 18:00 UTC: $0.325000 per credit", hours[18].NextElementSibling!.TextContent);
        Assert.Equal("chart-tip", hours[18].NextElementSibling!.GetAttribute("class"));
        Assert.Equal("At 06:00 UTC: $0.775000 per credit", hours[6].NextElementSibling!.TextContent);
    }

    [Fact]
    public void HoveringAnHourCostsTheServerNothing()
    {
        var cut = RenderAt(ChartPoint.Of(Curve), 14);

        Assert.Equal(24, cut.FindAll("rect.chart-hour").Count);
        // No handler is bound anywhere in the chart: hover and focus are the browser's alone, so an open page keeps no
        // event handlers for them and a pointer moving over the chart sends nothing to the server.
        Assert.DoesNotContain("blazor:on", cut.Markup);
    }
}
