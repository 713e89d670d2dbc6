using CheapTokens.Blazor.Payments.StripeStandIn;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Payments.Webhooks;

/// <summary>Wakes the inbox when the webhook recorded an event.</summary>
public sealed class StripeWebhookInboxSignal
{
    private readonly StripeStandInOutboxSignal _signal = new();

    public void Notify() => _signal.Notify();

    public Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, clock, cancellationToken);
}
