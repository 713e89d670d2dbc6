using CheapTokens.Core.Time;

namespace CheapTokens.Blazor.Payments.Webhooks;

/// <summary>Wakes the inbox when the webhook recorded an event.</summary>
public sealed class StripeWebhookInboxSignal : WakeSignal;
