namespace CheapTokens.Blazor.Components.Orders;

/// <summary>
/// What the order page says about a buyer's Venice key beyond the order itself: how much of it has been used (where it
/// works is <see cref="Shared.KeyEndpoint"/>). A narrow seam so component tests stand in for Venice with a few lines.
/// </summary>
public interface IBuyerKeys
{
    /// <summary>The key's usage as Venice reports it, in the unit the store sets key limits in.</summary>
    /// <param name="veniceAccount">The account holding the key; null for the default one.</param>
    Task<KeyUsageReading> ReadUsageAsync(string veniceKeyId, string? veniceAccount, CancellationToken cancellationToken);
}

/// <summary>One look at a key's usage on Venice.</summary>
/// <param name="Answered">Venice answered; when false nothing else is known.</param>
/// <param name="Found">Venice still has the key (a revoked key is gone).</param>
/// <param name="Used">Used so far, in the store's limit unit (diem or USD); null when Venice does not say.</param>
public sealed record KeyUsageReading(bool Answered, bool Found, decimal? Used)
{
    public static readonly KeyUsageReading Unanswered = new(false, false, null);

    public static readonly KeyUsageReading Gone = new(true, false, null);

    public static KeyUsageReading Of(decimal? used) => new(true, true, used);
}
