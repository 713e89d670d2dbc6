namespace CheapTokens.Core.Payments;

/// <summary>Where a payment stands in the store's ledger (not the processor's view, which reconciliation compares it with).</summary>
public enum PaymentState
{
    /// <summary>Saved with its idempotency key before the processor is called: the outcome is not known yet.</summary>
    Pending,

    /// <summary>The processor holds the charge and waits for the buyer's browser to confirm it; the order waits for payment.</summary>
    AwaitingBuyer,

    /// <summary>Money taken: the order is paid and ends with its key or with <see cref="Refunded"/>.</summary>
    Succeeded,

    /// <summary>Nothing was taken (declined, or the processor never got the charge). Final.</summary>
    Failed,

    /// <summary>A refund is asked for, saved with its own idempotency key before the processor is called.</summary>
    RefundPending,

    /// <summary>The money went back. Final.</summary>
    Refunded,

    /// <summary>The processor refused the refund for good: no more retries, a person has to look at the order. Final.</summary>
    RefundRefused,
}

/// <summary>
/// One charge of one order in the store's own ledger, and its refund if there is one. It is written before the
/// processor is called, with the idempotency key sent there, so after a crash the key is all it takes to ask
/// the processor what happened. State only changes through the methods below, which refuse illegal moves.
/// </summary>
public sealed class Payment
{
    private Payment()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public decimal Amount { get; private set; }

    public string Method { get; private set; } = "";

    public PaymentState State { get; private set; }

    /// <summary>Sent with the charge: asking again with it never charges twice. Unique.</summary>
    public string IdempotencyKey { get; private set; } = "";

    /// <summary>The processor's id of the charge, once it answered with one.</summary>
    public string? ChargeId { get; private set; }

    /// <summary>Wire code of a failure (<see cref="PaymentFailureCodes"/>).</summary>
    public string? FailureCode { get; private set; }

    public string? Message { get; private set; }

    /// <summary>Sent with the refund; set when the refund is first asked for and never changed.</summary>
    public string? RefundIdempotencyKey { get; private set; }

    public string? RefundId { get; private set; }

    public int RefundAttempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Nothing more will happen to it without a person.</summary>
    public bool IsFinal => State is PaymentState.Failed or PaymentState.Refunded or PaymentState.RefundRefused;

    /// <summary>Reconciliation looks these up at the processor once they are older than its grace.</summary>
    public static readonly PaymentState[] Unsettled = [PaymentState.Pending, PaymentState.AwaitingBuyer, PaymentState.RefundPending];

    public static Payment Start(Guid orderId, decimal amount, string method, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        return new Payment
        {
            Id = Guid.NewGuid(),
            OrderId = orderId,
            Amount = amount,
            Method = method,
            State = PaymentState.Pending,
            // One charge per order: whoever retries it (the buyer, reconciliation) sends the same key.
            IdempotencyKey = $"charge:{orderId:N}",
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>The processor knows the charge (its id), without a final answer yet.</summary>
    public void RecordChargeId(string chargeId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chargeId);
        if (ChargeId == chargeId) return;
        ChargeId = chargeId;
        UpdatedAt = now;
    }

    public void AwaitBuyer(string chargeId, DateTimeOffset now)
    {
        Require(PaymentState.Pending, PaymentState.AwaitingBuyer);
        RecordChargeId(chargeId, now);
        Move(PaymentState.AwaitingBuyer, now);
    }

    public void Succeed(string chargeId, DateTimeOffset now)
    {
        Require(PaymentState.Pending, PaymentState.AwaitingBuyer);
        RecordChargeId(chargeId, now);
        Move(PaymentState.Succeeded, now);
    }

    public void Fail(string failureCode, string? message, DateTimeOffset now)
    {
        Require(PaymentState.Pending, PaymentState.AwaitingBuyer);
        FailureCode = failureCode;
        Message = message;
        Move(PaymentState.Failed, now);
    }

    /// <summary>
    /// Asks for the money back: a succeeded charge whose key cannot be issued, or a charge the processor took after
    /// the store had given up on it (a late success on a failed payment). The refund key is fixed here.
    /// </summary>
    public void RequestRefund(string chargeId, string reason, DateTimeOffset now)
    {
        if (State == PaymentState.RefundPending) return;
        Require(PaymentState.Succeeded, PaymentState.Failed);
        RecordChargeId(chargeId, now);
        RefundIdempotencyKey = $"refund:{OrderId:N}";
        Message = reason;
        Move(PaymentState.RefundPending, now);
    }

    public void CountRefundAttempt(DateTimeOffset now)
    {
        RefundAttempts++;
        UpdatedAt = now;
    }

    public void MarkRefunded(string refundId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refundId);
        Require(PaymentState.RefundPending);
        RefundId = refundId;
        Move(PaymentState.Refunded, now);
    }

    public void RefuseRefund(string? message, DateTimeOffset now)
    {
        Require(PaymentState.RefundPending);
        Message = message;
        Move(PaymentState.RefundRefused, now);
    }

    /// <summary>
    /// A person asks again for a refund the processor refused (e.g. after fixing the cause with the processor): back to
    /// pending with the same refund key, so the processor can never pay it out twice.
    /// </summary>
    public void RetryRefusedRefund(DateTimeOffset now)
    {
        Require(PaymentState.RefundRefused);
        Move(PaymentState.RefundPending, now);
    }

    private void Require(params PaymentState[] allowed)
    {
        if (!allowed.Contains(State))
            throw new InvalidOperationException($"Payment {Id} is {State}; expected {string.Join(" or ", allowed)}.");
    }

    private void Move(PaymentState next, DateTimeOffset now)
    {
        State = next;
        UpdatedAt = now;
    }
}
