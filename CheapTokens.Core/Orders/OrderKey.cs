namespace CheapTokens.Core.Orders;

/// <summary>
/// One run of an order: a Venice key covering <see cref="DateFrom"/>..<see cref="DateTo"/> (UTC dates).
/// A credits order has exactly one run; a multi-day pass has one per run of consecutive dates, each minted on its first day.
/// </summary>
public sealed class OrderKey
{
    private OrderKey()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    /// <summary>1-based position within the order.</summary>
    public int RunNumber { get; private set; }

    public DateOnly DateFrom { get; private set; }

    public DateOnly DateTo { get; private set; }

    public int Credits { get; private set; }

    /// <summary>When the worker should mint this key.</summary>
    public DateTimeOffset MintAt { get; private set; }

    /// <summary>Planned expiry; replaced by the expiry Venice confirms when the key is recorded.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    public OrderKeyStatus Status { get; private set; }

    public string? VeniceKeyId { get; private set; }

    /// <summary>The API key encrypted at rest; only the key vault can read it.</summary>
    public string? ProtectedApiKey { get; private set; }

    /// <summary>The last characters of the API key, safe to list.</summary>
    public string? ApiKeyHint { get; private set; }

    public DateTimeOffset? MintedAt { get; private set; }

    /// <summary>The Venice account (by configured name) the key lives on; null for the single default account.</summary>
    public string? VeniceAccount { get; private set; }

    /// <summary>When the worker was first handed this run; set and still Scheduled means an attempt was interrupted.</summary>
    public DateTimeOffset? ProvisioningStartedAt { get; private set; }

    /// <summary>When an operator revoked the key on Venice; null while nobody has.</summary>
    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>Whether the key is usable at <paramref name="instant"/> (minted, not revoked and not expired).</summary>
    public bool IsLiveAt(DateTimeOffset instant) => Status == OrderKeyStatus.Minted && RevokedAt is null && instant < ExpiresAt;

    internal static OrderKey Schedule(Guid orderId, int runNumber, DateOnly from, DateOnly to, int credits, DateTimeOffset mintAt, DateTimeOffset expiresAt) =>
        new()
        {
            Id = Guid.NewGuid(),
            OrderId = orderId,
            RunNumber = runNumber,
            DateFrom = from,
            DateTo = to,
            Credits = credits,
            MintAt = mintAt,
            ExpiresAt = expiresAt,
            Status = OrderKeyStatus.Scheduled,
        };

    internal void RecordMinted(string veniceKeyId, string protectedApiKey, string apiKeyHint, DateTimeOffset expiresAt, DateTimeOffset mintedAt, string? veniceAccount = null)
    {
        if (Status != OrderKeyStatus.Scheduled)
            throw new InvalidOperationException($"Key run {RunNumber} is {Status}; only a scheduled run can record a key.");
        VeniceKeyId = veniceKeyId;
        ProtectedApiKey = protectedApiKey;
        ApiKeyHint = apiKeyHint;
        ExpiresAt = expiresAt;
        MintedAt = mintedAt;
        VeniceAccount = veniceAccount;
        Status = OrderKeyStatus.Minted;
    }

    /// <summary>Records that the key was revoked on Venice; false when it was already, or never minted.</summary>
    internal bool MarkRevoked(DateTimeOffset at)
    {
        if (Status != OrderKeyStatus.Minted || RevokedAt is not null) return false;
        RevokedAt = at;
        return true;
    }

    internal void MarkHandedOut(DateTimeOffset at) => ProvisioningStartedAt ??= at;

    internal void Cancel()
    {
        if (Status == OrderKeyStatus.Scheduled) Status = OrderKeyStatus.Cancelled;
    }
}
