namespace CheapTokens.Core.Pricing;

/// <summary>A point of the day's discount curve: at <paramref name="At"/> (time of day UTC, up to 24:00) the discount is <paramref name="DiscountPercent"/>.</summary>
public readonly record struct CurvePoint(TimeSpan At, decimal DiscountPercent)
{
    /// <summary>"HH:mm" (or "HH:mm:ss"), with "24:00" for the end of the day: the label the API and pages show.</summary>
    public string AtText => At == TimeSpan.FromDays(1) ? "24:00" : At.ToString(At.Seconds == 0 ? @"hh\:mm" : @"hh\:mm\:ss");

    /// <summary>Hours since 00:00 UTC (0 to 24, fractional), for a chart's time axis.</summary>
    public double Hours => At.TotalHours;
}
