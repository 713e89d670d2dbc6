using System.Globalization;

namespace CheapTokens.Blazor.Components.Live;

/// <summary>
/// The price chart's plot: hours across, price up, in SVG units that the plot stretches to its box (so a phone gets a
/// taller plot than the units' shape). The axis labels are HTML placed at the same points in percent of the plot, so
/// they keep their real font size at any width.
/// </summary>
public static class ChartScale
{
    public const double Width = 480, Height = 200, Left = 0, Right = 480, Top = 0, Bottom = 200;

    public static double X(double hour) => Left + (Right - Left) * Math.Clamp(hour, 0, 24) / 24;

    public static double Y(decimal price, decimal listPrice) =>
        listPrice <= 0 ? Bottom : Bottom - (Bottom - Top) * Math.Clamp((double)(price / listPrice), 0, 1);

    /// <summary>
    /// SVG coordinates to a tenth of a unit (a unit is about a pixel at the chart's widest): finer moves are invisible,
    /// and the now-line, which creeps about 0.005 units a second, then redraws every 20 s or so instead of every 2 s.
    /// </summary>
    public static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A coordinate, to the tenth of a unit <see cref="F"/> draws it at, as a percentage of <paramref name="extent"/>.</summary>
    public static string Percent(double value, double extent) =>
        (Math.Round(value, 1, MidpointRounding.AwayFromZero) / extent * 100).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The price axis: none, a quarter, half, three quarters and all of the list price.</summary>
    public static IReadOnlyList<decimal> PriceTicks(decimal listPrice) => [0m, listPrice / 4, listPrice / 2, listPrice * 3 / 4, listPrice];

    /// <summary>The hours labelled under the chart; on a narrow chart only those every 6 h are shown.</summary>
    public static IReadOnlyList<int> HourTicks { get; } = [0, 3, 6, 9, 12, 15, 18, 21, 24];

    /// <summary>The price in force at the start of <paramref name="hour"/>.</summary>
    public static string HourLabel(IReadOnlyList<ChartPoint> points, int hour)
    {
        var price = points.LastOrDefault(p => p.Hour <= hour)?.Price ?? 0;
        return $"At {hour:00}:00 UTC: {Checkout.CheckoutInput.UnitPrice(price)} per credit";
    }
}
