using CheapTokens.Core.Time;

namespace CheapTokens.StandIns.Stripe;

/// <summary>Wakes the webhook sender when an event was written.</summary>
public sealed class StripeStandInOutboxSignal : WakeSignal;
