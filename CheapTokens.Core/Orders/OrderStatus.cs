namespace CheapTokens.Core.Orders;

/// <summary>Where an order stands. See <see cref="OrderTransitions"/> for the legal moves.</summary>
public enum OrderStatus
{
    /// <summary>Recorded, not yet charged (also after a retryable processor error).</summary>
    Created,

    /// <summary>The charge was refused; nothing was taken and no key will be minted.</summary>
    Declined,

    /// <summary>Charged; waiting for the provisioning worker.</summary>
    Paid,

    /// <summary>The worker is minting the key(s).</summary>
    Provisioning,

    /// <summary>Every key is minted and stored.</summary>
    Fulfilled,

    /// <summary>Minting failed after payment; a refund is due.</summary>
    Failed,

    /// <summary>The charge was refunded.</summary>
    Refunded,
}
