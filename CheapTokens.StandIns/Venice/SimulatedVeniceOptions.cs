namespace CheapTokens.StandIns.Venice;

/// <summary>
/// How the simulated Venice behaves and which admin keys it accepts. The host fills it in from its own settings
/// ("Venice" and "Venice:Simulator"), as an account at a real Venice would be set up for the store's keys.
/// </summary>
public sealed class SimulatedVeniceOptions
{
    /// <summary>The admin key of the default account (<see cref="VeniceSimulatorState.DefaultAccount"/>).</summary>
    public string AdminKey { get; set; } = "";

    /// <summary>Further accounts, each with its own admin key, keys and limits.</summary>
    public List<SimulatedVeniceAccount> Accounts { get; set; } = [];

    /// <summary>
    /// The admin routes (/api_keys) answer loopback callers only unless this is true; the inference routes (/models,
    /// /chat/completions) answer anyone holding a key, as buyers call them in the demo.
    /// </summary>
    public bool AllowRemoteCallers { get; set; }

    /// <summary>The first N key creations answer 429 with <see cref="RetryAfterSeconds"/>.</summary>
    public int FailFirstCreates429 { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>After any 429s, the next N key creations answer 500.</summary>
    public int FailFirstCreates500 { get; set; }

    /// <summary>Latency added to every request.</summary>
    public int DelayMs { get; set; }

    /// <summary>Venice caps key creation at 20 requests a minute.</summary>
    public int RateLimitPerMinute { get; set; } = 20;

    /// <summary>Venice caps an account at 500 active keys.</summary>
    public int MaxLiveKeys { get; set; } = 500;

    /// <summary>What one chat completion costs a key, so a test can exhaust a small limit.</summary>
    public decimal ChatCostDiem { get; set; } = 0.01m;

    public decimal ChatCostUsd { get; set; } = 0.01m;

    /// <summary>Never prints a key.</summary>
    public override string ToString() => nameof(SimulatedVeniceOptions);
}

/// <param name="Name">The account's name, as the host's settings give it.</param>
public sealed record SimulatedVeniceAccount(string Name, string AdminKey)
{
    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"{nameof(SimulatedVeniceAccount)} {{ Name = {Name} }}";
}
