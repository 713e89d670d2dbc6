namespace CheapTokens.Core.Orders;

/// <summary>What a quote or order sells.</summary>
public enum Product
{
    /// <summary>Credits for today, on one key that expires at the next 00:00 UTC.</summary>
    Credits,

    /// <summary>A multi-day diem pass: a per-UTC-day diem limit on chosen dates, one key per run of consecutive dates.</summary>
    Pass,
}
