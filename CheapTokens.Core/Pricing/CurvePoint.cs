namespace CheapTokens.Core.Pricing;

/// <summary>A point of the day's discount curve: at <paramref name="At"/> (time of day UTC, up to 24:00) the discount is <paramref name="DiscountPercent"/>.</summary>
public readonly record struct CurvePoint(TimeSpan At, decimal DiscountPercent)
{
    public string AtText => At == TimeSpan.FromDays(1) ? "24:00" : At.ToString(At.Seconds == 0 ? @"hh\:mm" : @"hh\:mm\:ss");
}
