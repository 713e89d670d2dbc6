namespace CheapTokens.Blazor.Components.Checkout;

/// <summary>How cancelling an order held for its card ended.</summary>
public enum HeldOrderCancellation
{
    /// <summary>No order was waiting for a card (already paid, or not yet placed): nothing was asked.</summary>
    NothingHeld,

    /// <summary>Cancelled: nothing charged, credits back on sale, the amount ready for a new quote.</summary>
    Cancelled,

    /// <summary>The card went through before the cancellation: the paid order is on screen.</summary>
    PaidMeanwhile,

    /// <summary>The processor did not confirm: the order stays held and <see cref="CheckoutState.Error"/> says so.</summary>
    StillHeld,
}
