namespace CheapTokens.Core.Orders;

/// <summary>Where an order stands. See <see cref="OrderTransitions"/> for the legal moves.</summary>
public enum OrderStatus
{
    /// <summary>
    /// Recorded with its supply held, waiting for its payment: the charge is being made, its outcome is not known yet
    /// (a processor error, a crash), or the buyer's browser has still to confirm it. A retry with the same
    /// Idempotency-Key, a webhook or reconciliation settles it.
    /// </summary>
    Created,

    /// <summary>The charge was refused or never reached the processor; nothing was taken and no key will be minted.</summary>
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
