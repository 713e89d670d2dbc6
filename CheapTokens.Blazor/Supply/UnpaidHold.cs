namespace CheapTokens.Blazor.Supply;

/// <summary>
/// Credits an order holds while its buyer has not paid yet (a card still to be typed in the page), with who placed it:
/// the row exists from the order's placement until the hold ends (paid, declined, cancelled or abandoned).
/// </summary>
public sealed class UnpaidHold
{
    public Guid OrderId { get; set; }

    /// <summary>The buyer's client address as the store saw it (after trusted proxies); "unknown" without one.</summary>
    public string ClientAddress { get; set; } = "";

    /// <summary>The buyer's e-mail, trimmed and lower-cased: one buyer, however it is typed.</summary>
    public string Email { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>How many unpaid holds one buyer key ("address:..." or "email:...") has open; changed by conditional SQL only.</summary>
public sealed class UnpaidHoldCount
{
    public string Key { get; set; } = "";

    public int Open { get; set; }
}
