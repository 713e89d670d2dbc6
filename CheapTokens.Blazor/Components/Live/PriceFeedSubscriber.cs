using CheapTokens.Blazor.LivePrices;
using CheapTokens.Core.Pricing;
using Microsoft.AspNetCore.Components;

namespace CheapTokens.Blazor.Components.Live;

/// <summary>
/// Base of the live leaf components: renders the feed's latest snapshot at once (so prerendered HTML
/// carries the price), subscribes once interactive, re-renders on each tick and unsubscribes on dispose.
/// </summary>
public abstract class PriceFeedSubscriber : ComponentBase, IDisposable
{
    private IDisposable? _subscription;

    [Inject] private PriceFeed Feed { get; set; } = default!;

    protected PriceSnapshot? Snapshot { get; private set; }

    /// <summary>False while prerendered (a click would go nowhere); true once the circuit is live.</summary>
    protected bool IsInteractive { get; private set; }

    protected override void OnInitialized() => Snapshot = Feed.Latest;

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        IsInteractive = true;
        _subscription = Feed.Subscribe(snapshot => InvokeAsync(() =>
        {
            try
            {
                var previous = Snapshot;
                Snapshot = snapshot;
                OnSnapshotChanged(previous, snapshot);
                StateHasChanged();
            }
            catch (Exception ex)
            {
                return DispatchExceptionAsync(ex);
            }
            return Task.CompletedTask;
        }));
        StateHasChanged();
    }

    /// <summary>Hook for components that compare ticks (e.g. an up/down mark).</summary>
    protected virtual void OnSnapshotChanged(PriceSnapshot? previous, PriceSnapshot current)
    {
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
