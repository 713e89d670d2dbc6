namespace CheapTokens.StandIns.Stripe;

/// <summary>A payment intent the Stripe stand-in holds, kept in the stand-ins' database so it outlives a restart.</summary>
public sealed class StandInPaymentIntent
{
    public string Id { get; set; } = "";

    /// <summary>Smallest currency unit (cents), as Stripe counts.</summary>
    public long Amount { get; set; }

    public string Currency { get; set; } = "usd";

    public string? Description { get; set; }

    /// <summary>The intent's metadata as a JSON object of strings.</summary>
    public string MetadataJson { get; set; } = "{}";

    /// <summary>metadata["order_id"], copied out so search by order is an indexed lookup.</summary>
    public string? OrderId { get; set; }

    public string ClientSecret { get; set; } = "";

    /// <summary>requires_payment_method, requires_confirmation, processing, succeeded or canceled.</summary>
    public string Status { get; set; } = StandInStatus.RequiresPaymentMethod;

    public string? PaymentMethod { get; set; }

    /// <summary>The charge a succeeded confirmation made (ch_...).</summary>
    public string? LatestCharge { get; set; }

    public long AmountReceived { get; set; }

    public long AmountRefunded { get; set; }

    public string? LastErrorCode { get; set; }

    public string? LastErrorDeclineCode { get; set; }

    public string? LastErrorMessage { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public static class StandInStatus
{
    public const string RequiresPaymentMethod = "requires_payment_method";
    public const string RequiresConfirmation = "requires_confirmation";
    public const string Succeeded = "succeeded";
    public const string Canceled = "canceled";
}

public sealed class StandInRefund
{
    public string Id { get; set; } = "";

    public string PaymentIntentId { get; set; } = "";

    public string ChargeId { get; set; } = "";

    public long Amount { get; set; }

    public string Status { get; set; } = "succeeded";

    public string MetadataJson { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A write's saved answer under its Idempotency-Key, as Stripe keeps one: the same key with the same request
/// replays it; with another request it is an idempotency_error.
/// </summary>
public sealed class StandInIdempotencyRecord
{
    public string Key { get; set; } = "";

    /// <summary>SHA-256 over method, path and the sorted form parameters.</summary>
    public string Fingerprint { get; set; } = "";

    public int StatusCode { get; set; }

    public string ResponseBody { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A webhook event waiting in the stand-in's outbox, or sent.</summary>
public sealed class StandInEvent
{
    public string Id { get; set; } = "";

    /// <summary>Order of creation; events are normally sent in this order.</summary>
    public long Sequence { get; set; }

    public string Type { get; set; } = "";

    /// <summary>The event exactly as it is sent (and signed).</summary>
    public string Payload { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Dropped by fault injection, or given up after the last attempt: never sent again.</summary>
    public bool Abandoned { get; set; }
}
