namespace CheapTokens.StandIns.Sandbox;

/// <summary>
/// The payment methods the sandbox knows: part of the store's public API and docs, so their names never change. The
/// method alone decides the outcome; there is no card.
/// </summary>
public static class SandboxMethods
{
    public const string Ok = "sandbox_ok";
    public const string Declined = "sandbox_declined";
    public const string InsufficientFunds = "sandbox_insufficient_funds";

    /// <summary>The processor does not answer (503): nothing is recorded, and asking again with the same key is safe.</summary>
    public const string ProcessorError = "sandbox_error";

    public static readonly IReadOnlyList<string> All = [Ok, Declined, InsufficientFunds, ProcessorError];
}

/// <summary>POST /charges, with the Idempotency-Key header.</summary>
public sealed record SandboxChargeRequest(Guid OrderId, decimal Amount, string? Method);

/// <summary>A charge as the sandbox answers it. <see cref="FailureCode"/>: "declined" or "insufficient_funds" when refused.</summary>
public sealed record SandboxChargeReply(string Id, Guid OrderId, decimal Amount, bool Succeeded, string? FailureCode, string? Message);

/// <summary>POST /refunds, with the Idempotency-Key header.</summary>
public sealed record SandboxRefundRequest(string? ChargeId, decimal Amount, string? Reason);

public sealed record SandboxRefundReply(string Id, string ChargeId, decimal Amount);
