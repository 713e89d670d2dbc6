using CheapTokens.Core.Time;

namespace CheapTokens.Core.Orders;

/// <summary>
/// A purchase and its state machine (<see cref="OrderTransitions"/>). State only changes through the
/// transition methods, which throw <see cref="InvalidOperationException"/> on an illegal move.
/// The keys live in child <see cref="OrderKey"/> runs so a multi-day pass can carry several.
/// </summary>
public sealed class Order
{
    private readonly List<OrderKey> _keys = [];

    private Order()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The buyer's unguessable handle on the order (see <see cref="OrderToken"/>).</summary>
    public string Token { get; private set; } = "";

    /// <summary>The client's Idempotency-Key: one order per key, however often it is submitted.</summary>
    public string IdempotencyKey { get; private set; } = "";

    public Guid QuoteId { get; private set; }

    public string Email { get; private set; } = "";

    public string PaymentMethod { get; private set; } = "";

    public int Credits { get; private set; }

    public decimal UnitPrice { get; private set; }

    public decimal Total { get; private set; }

    /// <summary>The UTC day whose supply this order draws on (the quote's day).</summary>
    public DateOnly SupplyDate { get; private set; }

    public OrderStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public string? ChargeId { get; private set; }

    /// <summary>Machine-readable reason of a decline (the payment failure code).</summary>
    public string? FailureCode { get; private set; }

    /// <summary>Human-readable reason of a decline or a failed provisioning.</summary>
    public string? FailureReason { get; private set; }

    public DateTimeOffset? FulfilledAt { get; private set; }

    public DateTimeOffset? FailedAt { get; private set; }

    public string? RefundId { get; private set; }

    public DateTimeOffset? RefundedAt { get; private set; }

    public IReadOnlyList<OrderKey> Keys => _keys;

    /// <summary>Credits perish at the first UTC midnight after payment.</summary>
    public DateTimeOffset? KeyExpiresAt => PaidAt is { } paidAt ? UtcDay.NextMidnight(paidAt) : null;

    /// <summary>The supply dates this order holds credits on (one for a credits order; a pass will hold several).</summary>
    public IReadOnlyCollection<DateOnly> ReservedDates => [SupplyDate];

    public static Order Create(Quote quote, string email, string paymentMethod, string idempotencyKey, DateTimeOffset now) =>
        new()
        {
            Id = Guid.NewGuid(),
            Token = OrderToken.New(),
            IdempotencyKey = idempotencyKey,
            QuoteId = quote.Id,
            Email = email,
            PaymentMethod = paymentMethod,
            Credits = quote.Credits,
            UnitPrice = quote.UnitPrice,
            Total = quote.Total,
            SupplyDate = quote.SupplyDate,
            Status = OrderStatus.Created,
            CreatedAt = now,
            UpdatedAt = now,
        };

    /// <summary>The charge went through: schedule the key, valid until the next UTC midnight.</summary>
    public void MarkPaid(string chargeId, DateTimeOffset paidAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chargeId);
        MoveTo(OrderStatus.Paid, paidAt);
        ChargeId = chargeId;
        PaidAt = paidAt;
        var day = UtcDay.DateOf(paidAt);
        _keys.Add(OrderKey.Schedule(Id, runNumber: 1, day, day, Credits, mintAt: paidAt, expiresAt: UtcDay.NextMidnight(paidAt)));
    }

    public void Decline(string failureCode, string? message, DateTimeOffset at)
    {
        MoveTo(OrderStatus.Declined, at);
        FailureCode = failureCode;
        FailureReason = message;
    }

    public void StartProvisioning(DateTimeOffset at) => MoveTo(OrderStatus.Provisioning, at);

    /// <summary>Stores the next scheduled run's key; the order is fulfilled once no run is left to mint.</summary>
    public OrderKey RecordKey(string veniceKeyId, string protectedApiKey, string apiKeyHint, DateTimeOffset expiresAt, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(veniceKeyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(protectedApiKey);
        if (Status != OrderStatus.Provisioning)
            throw new InvalidOperationException($"Order {Id} is {Status}; a key can only be recorded while provisioning.");
        var run = _keys.FirstOrDefault(k => k.Status == OrderKeyStatus.Scheduled)
                  ?? throw new InvalidOperationException($"Order {Id} has no key left to record.");
        run.RecordMinted(veniceKeyId, protectedApiKey, apiKeyHint, expiresAt, at);
        if (_keys.All(k => k.Status == OrderKeyStatus.Minted))
        {
            MoveTo(OrderStatus.Fulfilled, at);
            FulfilledAt = at;
        }
        else
        {
            UpdatedAt = at;
        }
        return run;
    }

    /// <summary>Provisioning gave up; the only way on is <see cref="MarkRefunded"/>.</summary>
    public void Fail(string reason, DateTimeOffset at)
    {
        MoveTo(OrderStatus.Failed, at);
        FailureReason = reason;
        FailedAt = at;
        foreach (var key in _keys) key.Cancel();
    }

    public void MarkRefunded(string refundId, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refundId);
        MoveTo(OrderStatus.Refunded, at);
        RefundId = refundId;
        RefundedAt = at;
    }

    private void MoveTo(OrderStatus next, DateTimeOffset at)
    {
        if (!OrderTransitions.IsAllowed(Status, next))
            throw new InvalidOperationException($"Order {Id} cannot go from {Status} to {next}.");
        Status = next;
        UpdatedAt = at;
    }
}
