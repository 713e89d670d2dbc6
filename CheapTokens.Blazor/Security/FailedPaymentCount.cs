namespace CheapTokens.Blazor.Security;

/// <summary>
/// Declined payments of one quote or one client address in its current one-hour window, shared by every node through
/// the store's database; changed by one atomic upsert per decline.
/// </summary>
public sealed class FailedPaymentCount
{
    public string Key { get; set; } = "";

    public int Count { get; set; }

    public DateTimeOffset WindowEndsAt { get; set; }
}
