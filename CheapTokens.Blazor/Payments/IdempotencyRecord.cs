namespace CheapTokens.Blazor.Payments;

/// <summary>
/// One Idempotency-Key of <c>POST /api/orders</c> (and of the page's Pay button), as Stripe keeps them: a fingerprint
/// of the request's parameters and, once there is one, the answer given (status and body, encrypted: the body
/// carries the order token). Written in the same transaction as the order it placed; kept for
/// <see cref="IdempotencyRecords.KeptFor"/>.
/// </summary>
public sealed class IdempotencyRecord
{
    public string Key { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the request's parameters.</summary>
    public string Fingerprint { get; set; } = "";

    /// <summary>The order the key placed; null when the answer was refusal without an order (sold out, expired quote...).</summary>
    public Guid? OrderId { get; set; }

    /// <summary>The order's token, encrypted: the database keeps no readable token of its own.</summary>
    public string? ProtectedToken { get; set; }

    /// <summary>HTTP status of the saved answer; null while the order has no final answer yet (payment in doubt).</summary>
    public int? ResponseStatus { get; set; }

    /// <summary>The saved answer's body (a <see cref="SavedAnswer"/> as JSON), encrypted.</summary>
    public string? ProtectedResponse { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
