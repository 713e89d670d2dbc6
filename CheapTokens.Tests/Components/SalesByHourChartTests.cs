using Bunit;
using CheapTokens.Blazor.Components.Admin;

namespace CheapTokens.Tests.Components;

public class SalesByHourChartTests : ComponentTestContext
{
    [Fact]
    public void EachHourIsABarAsTallAsItsShareOfTheBusiestHourUnderThePriceLine()
    {
        var byHour = new int[24];
        byHour[9] = 20;
        byHour[21] = 80;

        var cut = Render<SalesByHourChart>(p => p.Add(c => c.CreditsByHour, byHour).Add(c => c.Curve, Curve));

        var bars = cut.FindAll("rect.chart-bar");
        Assert.Equal(24, bars.Count);
        double Height(int hour) => double.Parse(bars[hour].GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(4 * Height(9), Height(21), precision: 1);
        Assert.Equal(0, Height(0));
        Assert.Equal("21:00–22:00: 80 credits", bars[21].QuerySelector("title")!.TextContent);
        Assert.Equal("100 credits sold today; the busiest hour sold 80.", cut.Find("svg").GetAttribute("aria-label"));
        // The line runs from the list price at 00:00 (0 % off) down to 90 % off at 24:00.
        var points = cut.Find("polyline.chart-line").GetAttribute("points")!.Split(' ');
        Assert.Equal(49, points.Length);
        Assert.True(double.Parse(points[0].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)
                    < double.Parse(points[^1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TheAxesNameCreditsOnTheLeftThePricePerCreditOnTheRightAndTheHoursBelow()
    {
        var byHour = new int[24];
        byHour[10] = 80;

        var cut = Render<SalesByHourChart>(p => p.Add(c => c.CreditsByHour, byHour).Add(c => c.Curve, Curve));

        string[] Axis(string name) => cut.FindAll($"text[data-axis={name}]").Select(t => t.TextContent).ToArray();
        // The busiest hour, 80 credits, rounded up to a scale whose half is round too.
        Assert.Equal(["0", "50", "100"], Axis("credits"));
        Assert.Equal(["credits"], Axis("credits-unit"));
        Assert.Equal(["$0.00", "$0.50", "$1.00"], Axis("price"));
        Assert.Equal(["$/credit"], Axis("price-unit"));
        Assert.Equal(["00:00", "06:00", "12:00", "18:00", "24:00"], Axis("hour"));
        // The 80-credit bar reaches 80 % of the way from the 0 line to the 100 line.
        double Number(string value) => double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var grid = cut.FindAll("line.chart-grid").Select(l => Number(l.GetAttribute("y1")!)).ToList();
        var top = Number(cut.Find("rect[data-hour='10']").GetAttribute("y")!);
        Assert.Equal(grid[0] - 0.8 * (grid[0] - grid[2]), top, precision: 1);
    }

    [Fact]
    public void ADayWithoutSalesStillHasAScale()
    {
        var cut = Render<SalesByHourChart>(p => p.Add(c => c.CreditsByHour, new int[24]).Add(c => c.Curve, Curve));

        Assert.Equal(["0", "1", "2"], cut.FindAll("text[data-axis=credits]").Select(t => t.TextContent).ToArray());
        Assert.All(cut.FindAll("rect.chart-bar"), bar => Assert.Equal("0", bar.GetAttribute("height")));
    }
}
