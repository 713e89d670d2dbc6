namespace CheapTokens.StandIns.Sandbox;

/// <summary>
/// A charge as the sandbox keeps it, in its own table: the processor's view, which the store's reconciliation asks
/// for over HTTP and compares with its own ledger, never the same rows.
/// </summary>
public sealed class SandboxCharge
{
    /// <summary>The charge id handed to the store ("ch_sandbox_...").</summary>
    public string Id { get; set; } = "";

    /// <summary>Unique: the same key returns this charge instead of making another.</summary>
    public string IdempotencyKey { get; set; } = "";

    public Guid OrderId { get; set; }

    public decimal Amount { get; set; }

    public string Method { get; set; } = "";

    public bool Succeeded { get; set; }

    /// <summary>Wire code of a refusal ("declined", "insufficient_funds").</summary>
    public string? FailureCode { get; set; }

    public string? Message { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A refund the sandbox processor made; at most one per charge.</summary>
public sealed class SandboxRefund
{
    public string Id { get; set; } = "";

    public string IdempotencyKey { get; set; } = "";

    public string ChargeId { get; set; } = "";

    public decimal Amount { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
