namespace CheapTokens.StandIns.Venice;

/// <summary>
/// A key the simulated Venice minted, kept in the store's database so it outlives a restart. Only a SHA-256
/// hash of the secret is kept: the stand-in needs to recognise a key, not to show it again.
/// </summary>
public sealed class SimulatedVeniceKey
{
    public string Id { get; set; } = "";

    /// <summary>The account that minted it: empty for the default admin key's, else the account's name.</summary>
    public string Account { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the key's secret; unique, and what a bearer is looked up by.</summary>
    public string SecretHash { get; set; } = "";

    /// <summary>Venice lists keys by their last six characters.</summary>
    public string Last6Chars { get; set; } = "";

    public string Description { get; set; } = "";

    public decimal? DiemLimit { get; set; }

    public decimal? UsdLimit { get; set; }

    public string? LimitPeriod { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public List<SimulatedVeniceSpend> Spend { get; set; } = [];

    public bool IsLive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}

/// <summary>What one simulated key spent on one UTC day; limits per period are sums of these.</summary>
public sealed class SimulatedVeniceSpend
{
    public string KeyId { get; set; } = "";

    public DateOnly Day { get; set; }

    public decimal Diem { get; set; }

    public decimal Usd { get; set; }
}
