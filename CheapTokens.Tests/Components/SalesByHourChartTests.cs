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
}
