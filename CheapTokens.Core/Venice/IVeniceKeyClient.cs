namespace CheapTokens.Core.Venice;

/// <summary>Port to Venice's key-management API (admin side): mint, list and revoke INFERENCE keys.</summary>
public interface IVeniceKeyClient
{
    /// <summary>Mints one INFERENCE key. Transient failures are retried inside; what escapes is final.</summary>
    Task<VeniceKey> CreateInferenceKeyAsync(VeniceKeyRequest request, CancellationToken cancellationToken);

    /// <summary>Live keys on the account, used to reconcile after a restart (matched by description).</summary>
    Task<IReadOnlyList<VeniceKeySummary>> ListKeysAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a key; revoking a key that is already gone is not an error.</summary>
    Task RevokeKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>
    /// Changes an existing key's limit, limit period, description and expiry (Venice's <c>PATCH /api_keys</c>) and
    /// answers the key as Venice now holds it. Transient failures are retried inside; what escapes is final.
    /// </summary>
    Task<VeniceKeySummary> UpdateKeyAsync(VeniceKeyUpdate update, CancellationToken cancellationToken) =>
        throw new VeniceException("This Venice client cannot update keys.", null, isTransient: false);

    /// <summary>One key with its limits and usage, for display; null when it is gone.</summary>
    /// <remarks>Defaults to a list scan so existing implementations (fakes) keep compiling.</remarks>
    async Task<VeniceKeySummary?> GetKeyAsync(string keyId, CancellationToken cancellationToken) =>
        (await ListKeysAsync(cancellationToken)).FirstOrDefault(key => key.Id == keyId);
}

public enum VeniceLimitUnit { Diem, Usd }

/// <param name="Description">At most 64 characters; carries the order id so a restart can find the key.</param>
/// <param name="LimitPeriod">Null for a one-off limit; <see cref="VeniceNames.DailyLimitPeriod"/> to renew the limit every Venice epoch (UTC day).</param>
public sealed record VeniceKeyRequest(
    string Description,
    decimal ConsumptionLimit,
    VeniceLimitUnit LimitUnit,
    DateTimeOffset ExpiresAt,
    string? LimitPeriod = null);

/// <summary>A freshly minted key. <see cref="ApiKey"/> is the secret: never log it.</summary>
public sealed record VeniceKey(string Id, string ApiKey, string Description, DateTimeOffset? ExpiresAt)
{
    public override string ToString() => $"VeniceKey {{ Id = {Id}, Description = {Description}, ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary>The new terms of an existing key (all of them are sent, so a repeat is harmless).</summary>
public sealed record VeniceKeyUpdate(
    string Id,
    string Description,
    decimal ConsumptionLimit,
    VeniceLimitUnit LimitUnit,
    DateTimeOffset ExpiresAt,
    string? LimitPeriod = null);

public sealed record VeniceKeySummary(
    string Id,
    string Description,
    DateTimeOffset? ExpiresAt,
    decimal? DiemLimit,
    decimal? DiemUsed,
    decimal? UsdLimit,
    decimal? UsdUsed);

/// <summary>Venice refused for good (bad admin key, bad request) or kept failing after every retry.</summary>
public sealed class VeniceException(string message, int? statusCode, bool isTransient, Exception? inner = null)
    : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;

    /// <summary>True when a later attempt may succeed (429, 5xx, timeout); false for other 4xx.</summary>
    public bool IsTransient { get; } = isTransient;
}
