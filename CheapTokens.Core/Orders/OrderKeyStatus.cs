namespace CheapTokens.Core.Orders;

public enum OrderKeyStatus
{
    /// <summary>Planned; the worker mints it at <see cref="OrderKey.MintAt"/>.</summary>
    Scheduled,

    /// <summary>Minted and stored (encrypted).</summary>
    Minted,

    /// <summary>The order failed before this key was minted.</summary>
    Cancelled,
}
