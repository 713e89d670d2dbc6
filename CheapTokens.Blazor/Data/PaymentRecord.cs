namespace CheapTokens.Blazor.Data;

public enum PaymentKind
{
    Charge,
    Refund,
}

/// <summary>One attempt at the payment processor: every charge and refund try is kept, failed ones too.</summary>
public sealed class PaymentRecord
{
    public Guid Id { get; set; }

    public PaymentKind Kind { get; set; }

    public Guid? OrderId { get; set; }

    /// <summary>At most one final (non-retryable) record per kind and key; retryable failures may repeat.</summary>
    public string IdempotencyKey { get; set; } = "";

    public string? Method { get; set; }

    public decimal Amount { get; set; }

    public bool Succeeded { get; set; }

    public bool Retryable { get; set; }

    /// <summary>Wire code such as "declined" when the attempt failed.</summary>
    public string? FailureCode { get; set; }

    public string? Message { get; set; }

    /// <summary>For a charge, the charge it created; for a refund, the charge it refunds.</summary>
    public string? ChargeId { get; set; }

    public string? RefundId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
