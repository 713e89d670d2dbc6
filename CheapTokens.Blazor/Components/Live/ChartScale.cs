using System.Globalization;

namespace CheapTokens.Blazor.Components.Live;

/// <summary>The price chart's drawing area: hours across, price up; shared by the chart and its parts.</summary>
public static class ChartScale
{
    public const double Width = 480, Height = 220, Left = 8, Right = 472, Top = 8, Bottom = 196;

    public static double X(double hour) => Left + (Right - Left) * Math.Clamp(hour, 0, 24) / 24;

    public static double Y(decimal price, decimal listPrice) =>
        listPrice <= 0 ? Bottom : Bottom - (Bottom - Top - 12) * (double)(price / listPrice);

    /// <summary>
    /// SVG coordinates to a tenth of a unit (a unit is about a pixel at the chart's widest): finer moves are invisible,
    /// and the now-line, which creeps about 0.005 units a second, then redraws every 20 s or so instead of every 2 s.
    /// </summary>
    public static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The price in force at the start of <paramref name="hour"/>.</summary>
    public static string HourLabel(IReadOnlyList<ChartPoint> points, int hour)
    {
        var price = points.LastOrDefault(p => p.Hour <= hour)?.Price ?? 0;
        return $"At {hour:00}:00 UTC: {Checkout.CheckoutInput.UnitPrice(price)} per credit";
    }
}
