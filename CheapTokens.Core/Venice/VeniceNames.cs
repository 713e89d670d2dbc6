namespace CheapTokens.Core.Venice;

/// <summary>Venice's own words on the wire, each written once.</summary>
public static class VeniceNames
{
    /// <summary>The key type every key this store sells has: it may call models, not manage keys.</summary>
    public const string InferenceKeyType = "INFERENCE";

    /// <summary>The key type of the account's admin key (accepted by the simulator).</summary>
    public const string AdminKeyType = "ADMIN";

    /// <summary>A limit period that renews the consumption limit every Venice epoch (UTC day): a pass's keys.</summary>
    public const string DailyLimitPeriod = "EPOCH";

    /// <summary>The model the examples shown to buyers call.</summary>
    public const string ExampleModel = "llama-3.3-70b";
}
