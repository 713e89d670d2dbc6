using System.Globalization;
using Bunit;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Blazor.Components.Live;
using CheapTokens.Core.Pricing;

namespace CheapTokens.Tests.Components;

public class PriceCurveChartTests : ComponentTestContext
{
    private IRenderedComponent<PriceCurveChart> RenderAt(IReadOnlyList<ChartPoint> points, double hour, decimal listPrice = 1m,
        IReadOnlyList<ComingPrice>? coming = null) =>
        Render<PriceCurveChart>(ps => ps
            .Add(p => p.Points, points)
            .Add(p => p.ListPrice, listPrice)
            .Add(p => p.NowHour, hour)
            .Add(p => p.NowPrice, 0.5m)
            .Add(p => p.Coming, coming));

    /// <summary>A label's place along its axis, in percent of the plot, from its inline style.</summary>
    private static double Place(AngleSharp.Dom.IElement label, string property)
    {
        var style = label.GetAttribute("style")!;
        var value = style[(style.IndexOf(property + ": ", StringComparison.Ordinal) + property.Length + 2)..style.IndexOf('%', StringComparison.Ordinal)];
        return double.Parse(value, CultureInfo.InvariantCulture);
    }

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
        Assert.True(double.Parse(cut.Find("[data-testid=chart-past]").GetAttribute("width")!, CultureInfo.InvariantCulture)
                    > double.Parse(past!, CultureInfo.InvariantCulture));
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

        // A new list price draws anew: the price axis ends at it.
        Assert.Contains("$2.00", ChartArt.For(points, 2m).PriceAxis.Value);
        Assert.DoesNotContain("$2.00", ChartArt.For(points, 1m).PriceAxis.Value);
    }

    [Fact]
    public void ThePriceAxisHasAValueAtEachGridlineFromNothingToTheListPrice()
    {
        var cut = RenderAt(ChartPoint.Of(Curve), 14);

        var labels = cut.FindAll("[data-testid=chart-price-label]");
        Assert.Equal(["$0.00", "$0.25", "$0.50", "$0.75", "$1.00"], labels.Select(l => l.TextContent));
        // Each at its price's height: $0 along the bottom of the plot, the list price along its top.
        Assert.Equal([100d, 75d, 50d, 25d, 0d], labels.Select(l => Place(l, "top")));
        // Under each label a gridline across the plot, at the same height in the plot's units.
        var gridlines = cut.FindAll("line.chart-grid").Where(l => l.GetAttribute("y1") == l.GetAttribute("y2")).ToList();
        Assert.Equal(["200", "150", "100", "50", "0"], gridlines.Select(l => l.GetAttribute("y1")));

        // A list price of $2.00 gives an axis to $2.00, and the curve is drawn against it: at 00:00 $1.00 is half way up.
        var dearer = RenderAt(ChartPoint.Of(Curve), 14, listPrice: 2m);
        Assert.Equal(["$0.00", "$0.50", "$1.00", "$1.50", "$2.00"], dearer.FindAll("[data-testid=chart-price-label]").Select(l => l.TextContent));
        Assert.StartsWith("M0 100 ", dearer.Find("[data-testid=curve-path]").GetAttribute("d"));
    }

    [Fact]
    public void HourLabelsRunEveryThreeHoursAndANarrowChartKeepsOnlyTheSixHourlyOnes()
    {
        var cut = RenderAt(ChartPoint.Of(Curve), 14);

        var labels = cut.FindAll("[data-testid=chart-hour-label]");
        Assert.Equal(["00:00", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00", "21:00", "24:00"], labels.Select(l => l.TextContent));
        Assert.Equal([0d, 12.5, 25, 37.5, 50, 62.5, 75, 87.5, 100], labels.Select(l => Place(l, "left")));
        // The ones between (marked minor) are the ones a narrow chart hides; the ends are anchored inside the plot.
        Assert.Equal(["03:00", "09:00", "15:00", "21:00"], labels.Where(l => l.ClassList.Contains("minor")).Select(l => l.TextContent));
        Assert.Contains("first", labels[0].ClassList);
        Assert.Contains("last", labels[^1].ClassList);
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
        var hours = cut.FindAll(".chart-hour");
        Assert.Equal(24, hours.Count);
        Assert.All(hours, h => Assert.Equal("0", h.GetAttribute("tabindex")));

        // 18:00 on a curve from $1.00 to $0.10: 67.5% off. The band names its price for screen readers, and the tip
        // right after it (which CSS shows above the plot while the band is hovered or focused) says the same.
        Assert.Equal("At 18:00 UTC: $0.325000 per credit", hours[18].GetAttribute("aria-label"));
        Assert.Equal("At 18:00 UTC: $0.325000 per credit", hours[18].NextElementSibling!.TextContent);
        Assert.Equal("chart-tip", hours[18].NextElementSibling!.GetAttribute("class"));
        Assert.Equal("At 06:00 UTC: $0.775000 per credit", hours[6].NextElementSibling!.TextContent);
    }

    [Fact]
    public void HoveringAnHourCostsTheServerNothing()
    {
        var cut = RenderAt(ChartPoint.Of(Curve), 14);

        Assert.Equal(24, cut.FindAll(".chart-hour").Count);
        // No handler is bound anywhere in the chart: hover and focus are the browser's alone, so an open page keeps no
        // event handlers for them and a pointer moving over the chart sends nothing to the server.
        Assert.DoesNotContain("blazor:on", cut.Markup);
    }

    [Fact]
    public void ThePriceAtTheComingHoursIsSaidInWordsFromTheCurve()
    {
        Clock.SetUtcNow(Start.AddMinutes(20)); // 14:20 UTC
        var coming = ComingPrice.Today(Curve, Clock.GetUtcNow());
        var cut = RenderAt(ChartPoint.Of(Curve), 14 + 20 / 60.0, coming: coming);

        var items = cut.FindAll("[data-testid=coming-price]");
        Assert.Equal(["at 15:00 UTC: $0.44", "at 18:00 UTC: $0.33", "at 20:00 UTC: $0.25", "at 23:00 UTC: $0.14"], items.Select(i => i.TextContent.Trim()));
        Assert.Equal(new[] { 15, 18, 20, 23 }.Select(h => CheckoutInput.Dollars(Curve.UnitPriceAt(TimeSpan.FromHours(h)))),
            cut.FindAll("[data-testid=coming-price-value]").Select(v => v.TextContent));
        // Waiting lowers the price but not the key's life; the next day starts where the curve starts.
        Assert.Contains("lapses at the same 00:00 UTC; then a new day starts at $1.00.", cut.Find("[data-testid=coming-caption]").TextContent);
        // A chart without coming hours (the console's preview) shows none.
        Assert.Empty(RenderAt(ChartPoint.Of(Curve), 14).FindAll("[data-testid=coming-prices]"));
    }

    [Fact]
    public void TheComingHoursShowTheViewersOwnTimeOnceTheBrowserGivesIt()
    {
        Clock.SetUtcNow(Start.AddMinutes(20));
        var coming = ComingPrice.Today(Curve, Clock.GetUtcNow());
        // The browser is handed the hours as one array of UTC instants.
        JSInterop.Setup<string[]?>("cheapTokens.localHours", call => call.Arguments.Count == 1 && call.Arguments[0] is string[] { Length: 4 } hours
                && hours[0] == "2026-11-29T15:00:00.0000000Z")
            .SetResult(["16:00", "19:00", "21:00", "00:00"]);

        var cut = RenderAt(ChartPoint.Of(Curve), 14 + 20 / 60.0, coming: coming);

        cut.WaitForAssertion(() => Assert.Equal("at 15:00 UTC (16:00 your time): $0.44", cut.FindAll("[data-testid=coming-price]")[0].TextContent.Trim()));
        Assert.Equal(" (00:00 your time)", cut.FindAll("[data-testid=coming-local-time]")[3].TextContent);
        // Asked once for the list, whatever the chart redraws meanwhile.
        cut.Render(ps => ps.Add(p => p.NowHour, 14.5));
        Assert.Single(JSInterop.Invocations, i => i.Identifier == "cheapTokens.localHours");
    }

    [Fact]
    public void TheComingHoursRedrawOnlyWhenTheListChanges()
    {
        var coming = ComingPrice.Today(Curve, Clock.GetUtcNow());
        var cut = RenderAt(ChartPoint.Of(Curve), 14, coming: coming);
        var list = cut.FindComponent<ComingPriceList>();
        var renders = list.RenderCount;

        // The chart's minute moves: the list, the same list, stays as it is.
        cut.Render(ps => ps.Add(p => p.NowHour, 14.5));
        Assert.Equal(renders, list.RenderCount);

        // A new hour brings a new list.
        Clock.SetUtcNow(Start.AddHours(1));
        cut.Render(ps => ps.Add(p => p.NowHour, 15.0).Add(p => p.Coming, ComingPrice.Today(Curve, Clock.GetUtcNow())));
        Assert.Equal(renders + 1, list.RenderCount);
        Assert.Equal("16", cut.FindAll("[data-testid=coming-price]")[0].GetAttribute("data-hour"));
    }
}
