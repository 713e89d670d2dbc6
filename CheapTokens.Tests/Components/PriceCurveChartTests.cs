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
    public void TheCurveIsDrawnOnceAndOnlyTheNowLineMoves()
    {
        var points = ChartPoint.Of(Curve);
        var cut = RenderAt(points, 14);
        var curve = cut.FindComponent<CurvePath>();
        var path = cut.Find("[data-testid=curve-path]").GetAttribute("d");
        var line = cut.Find("[data-testid=chart-now]").GetAttribute("x1");
        var past = cut.Find("[data-testid=chart-past]").GetAttribute("width");

        cut.Render(ps => ps.Add(p => p.NowHour, 14.5).Add(p => p.NowPrice, 0.45m));

        Assert.Equal(1, curve.RenderCount);
        Assert.Equal(path, cut.Find("[data-testid=curve-path]").GetAttribute("d"));
        Assert.NotEqual(line, cut.Find("[data-testid=chart-now]").GetAttribute("x1"));
        Assert.True(double.Parse(cut.Find("[data-testid=chart-past]").GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture)
                    > double.Parse(past!, System.Globalization.CultureInfo.InvariantCulture));
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
    public void AnyHoursPriceShowsOnHoverOrFocus()
    {
        var cut = RenderAt(ChartPoint.Of(Curve), 14);
        var hours = cut.FindAll("rect.chart-hour");
        Assert.Equal(24, hours.Count);
        Assert.All(hours, h => Assert.Equal("0", h.GetAttribute("tabindex")));

        // 18:00 on a curve from $1.00 to $0.10: 67.5% off.
        hours[18].Focus();
        Assert.Equal("At 18:00 UTC: $0.325000 per credit", cut.Find("[data-testid=chart-readout]").TextContent.Trim());

        cut.FindAll("rect.chart-hour")[6].MouseEnter();
        Assert.Equal("At 06:00 UTC: $0.775000 per credit", cut.Find("[data-testid=chart-readout]").TextContent.Trim());
    }
}
