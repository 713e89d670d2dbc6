namespace CheapTokens.Blazor.Supply;

/// <summary>
/// The bounds <see cref="UnpaidHolds"/> keeps. Checkout fills them from its own settings (Checkout:UnpaidOrdersPerAddress,
/// UnpaidOrdersPerEmail, UnpaidHoldPercent) and the payment's (Payments:InPagePaymentMinutes, ReconcileIntervalSeconds).
/// </summary>
public sealed class UnpaidHoldLimits
{
    public int PerAddress { get; set; } = 2;

    public int PerEmail { get; set; } = 2;

    /// <summary>Of what is not paid for yet on a date, the percentage unpaid orders may hold.</summary>
    public int HoldPercent { get; set; } = 50;

    /// <summary>How long the buyer has to pay in the page before the order is cancelled.</summary>
    public TimeSpan PaymentWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often payments still open are reconciled, so a hold that ran out is ended.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(60);
}
