using System.Globalization;

namespace CheapTokens.Blazor.Components.Shared;

/// <summary>Time left as a person would say it: "4 d 21 h", "21 h 14 min", seconds only in the last hour.</summary>
public static class Durations
{
    public static string Format(TimeSpan remaining)
    {
        // Rounded up, so the display reaches 0 s exactly when the moment comes.
        var total = (long)Math.Ceiling(Math.Max(0, remaining.TotalSeconds));
        var days = total / 86_400;
        var hours = total / 3_600 % 24;
        var minutes = total / 60 % 60;
        var seconds = total % 60;
        if (days > 0) return hours > 0 ? $"{N(days)} d {hours} h" : $"{N(days)} d";
        if (hours > 0) return minutes > 0 ? $"{hours} h {minutes} min" : $"{hours} h";
        if (minutes > 0) return $"{minutes} min {seconds:00} s";
        return $"{seconds} s";
    }

    /// <summary>Whole seconds left, rounded up: a machine-readable companion to <see cref="Format"/>.</summary>
    public static long Seconds(TimeSpan remaining) => (long)Math.Ceiling(Math.Max(0, remaining.TotalSeconds));

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
