using CheapTokens.Core.Orders;

namespace CheapTokens.Blazor.Orders;

/// <summary>
/// What a list of orders shows: never the key itself, only its last characters. Token is the one the caller reached
/// the order with (the store keeps only its hash); null on an order read back without one (an idempotent replay). For a pass, ExpiresAt is when
/// the whole pass ends and ApiKeyHint is the current (else latest) run's key.
/// </summary>
public sealed record OrderSummary(
    Guid OrderId,
    string? Token,
    OrderStatus Status,
    int Credits,
    decimal UnitPrice,
    decimal Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string? ApiKeyHint)
{
    public Product Product { get; init; }

    /// <summary>A pass's per-UTC-day diem limit; null for credits.</summary>
    public int? DiemPerDay { get; init; }

    /// <summary>Where the receipt went, masked (b***@example.com): enough to recognise, not to harvest.</summary>
    public string MaskedEmail { get; init; } = "";

    public static OrderSummary Of(Order order) => Of(order, null);

    public static OrderSummary Of(Order order, DateTimeOffset? now, string? token = null)
    {
        var key = CurrentKey(order, now);
        // Only an order that has or will get a key has an expiry to show.
        var expiresAt = order.Status is OrderStatus.Paid or OrderStatus.Provisioning or OrderStatus.Fulfilled
            ? order.Product == Product.Pass ? order.KeyExpiresAt : key?.ExpiresAt ?? order.KeyExpiresAt
            : null;
        return new(order.Id, token ?? order.Token, order.Status, order.Credits, order.UnitPrice, order.Total, order.CreatedAt, expiresAt, key?.ApiKeyHint)
        {
            Product = order.Product,
            DiemPerDay = order.DiemPerDay,
            MaskedEmail = Core.Orders.MaskedEmail.Of(order.Email),
        };
    }

    /// <summary>The key to show first: the minted run live at <paramref name="now"/>, else the latest minted run.</summary>
    public static OrderKey? CurrentKey(Order order, DateTimeOffset? now)
    {
        var minted = order.Runs.Where(k => k.Status == OrderKeyStatus.Minted).ToList();
        return (now is { } at ? minted.FirstOrDefault(k => k.IsLiveAt(at)) : null) ?? minted.LastOrDefault();
    }
}

/// <summary>
/// One order as its token holder sees it, with the API key once minted. For a pass, ApiKey/VeniceKeyId are the
/// current run's key and <see cref="Runs"/> has every run's.
/// </summary>
public sealed record OrderDetails(OrderSummary Summary, string? ApiKey, string? VeniceKeyId, string? FailureReason)
{
    /// <summary>Every key run in order (a credits order has one once paid).</summary>
    public IReadOnlyList<OrderRunDetails> Runs { get; init; } = [];

    /// <summary>When the order was read: what its runs' stages are judged at where no page clock is at hand (the API).</summary>
    public DateTimeOffset ReadAt { get; init; }

    /// <summary>The order in the store's status vocabulary: a pass with a key out and more to come is partly ready.</summary>
    public OrderStage Stage => OrderStages.Of(Summary.Status, Runs.Count(r => r.Status == OrderKeyStatus.Minted));
}

/// <summary>One key run as its token holder sees it: ApiKey only once minted.</summary>
/// <param name="Credits">The key's limit: credits, or a pass's diem per UTC day.</param>
public sealed record OrderRunDetails(
    Guid OrderKeyId,
    int RunNumber,
    DateOnly DateFrom,
    DateOnly DateTo,
    int Credits,
    OrderKeyStatus Status,
    DateTimeOffset MintAt,
    DateTimeOffset ExpiresAt,
    string? ApiKey,
    string? VeniceKeyId,
    string? ApiKeyHint)
{
    /// <summary>The Venice account the key lives on; null for the default account.</summary>
    public string? VeniceAccount { get; init; }

    /// <summary>When the key was revoked on Venice (it stopped working then); null while it was not.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>This run in the store's status vocabulary at <paramref name="now"/>.</summary>
    public OrderStage StageAt(OrderStatus orderStatus, DateTimeOffset now) =>
        OrderStages.OfRun(orderStatus, Status, MintAt, ExpiresAt, RevokedAt is not null, now);
}
