namespace CheapTokens.StandIns.Facilitator;

/// <summary>One address's simulated USDC, in atomic units; created with the starting balance the first time it is seen.</summary>
public sealed class SimulatedUsdcAccount
{
    /// <summary>Lower-case 0x address.</summary>
    public string Address { get; set; } = "";

    public long Balance { get; set; }
}

/// <summary>A transfer in the simulated ledger: a settlement (payer to the store) or a refund (back).</summary>
public sealed class SimulatedUsdcTransfer
{
    /// <summary>The made-up transaction hash (0x and 64 hex digits).</summary>
    public string Transaction { get; set; } = "";

    public string Kind { get; set; } = "";

    public string From { get; set; } = "";

    public string To { get; set; } = "";

    public long Value { get; set; }

    /// <summary>A settlement's authorization nonce.</summary>
    public string? Nonce { get; set; }

    /// <summary>A refund's idempotency key: unique, so a refund asked twice is made once.</summary>
    public string? IdempotencyKey { get; set; }

    public string Network { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>A settled authorization, by its nonce: what the facilitator answered, to be looked up again.</summary>
public sealed class SimulatedUsdcSettlement
{
    public string Nonce { get; set; } = "";

    public string Transaction { get; set; } = "";

    public string Payer { get; set; } = "";

    public string Network { get; set; } = "";

    public DateTimeOffset SettledAt { get; set; }
}

public static class SimulatedUsdcTransferKinds
{
    public const string Settlement = "settlement";
    public const string Refund = "refund";
}
