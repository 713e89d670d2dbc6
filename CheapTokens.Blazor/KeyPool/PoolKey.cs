namespace CheapTokens.Blazor.KeyPool;

/// <summary>
/// A real Venice key minted ahead with a placeholder limit, waiting for an order. Claimed by exactly one order run
/// (a unique index on <see cref="ClaimedByOrderKeyId"/> among keys not discarded); the claim is saved before the
/// key's limit is changed, so a restart in between resumes the same key for the same run.
/// </summary>
public sealed class PoolKey
{
    public Guid Id { get; set; }

    /// <summary>The Venice account's configured name.</summary>
    public string Account { get; set; } = "";

    public string VeniceKeyId { get; set; } = "";

    /// <summary>Encrypted at rest like sold keys; only the key vault can read it.</summary>
    public string ProtectedApiKey { get; set; } = "";

    public string ApiKeyHint { get; set; } = "";

    /// <summary>The 00:00 UTC the key stops at; only keys expiring at an order's own expiry may serve it.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? ClaimedByOrderKeyId { get; set; }

    public DateTimeOffset? ClaimedAt { get; set; }

    /// <summary>Its limit was changed to the order's and it is being (or has been) recorded with the order.</summary>
    public DateTimeOffset? HandedOutAt { get; set; }

    /// <summary>Changing its limit failed for good: never handed out, revoked.</summary>
    public DateTimeOffset? DiscardedAt { get; set; }

    /// <summary>Venice description of a pool key: ours (the sweep knows it), and never an order's.</summary>
    public static string DescriptionFor(Guid poolKeyId) => $"{DescriptionPrefix}{poolKeyId:N}";

    public const string DescriptionPrefix = "cheaptokens pool ";
}
