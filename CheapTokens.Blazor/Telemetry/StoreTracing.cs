using System.Collections.Concurrent;
using System.Diagnostics;
using CheapTokens.Core.Orders;

namespace CheapTokens.Blazor.Telemetry;

/// <summary>
/// The store's spans (source <see cref="SourceName"/>): placing and paying for an order, the provisioning hand-off,
/// settlements heard later (webhooks, reconciliation), jobs, Venice calls. Spans carry the order id (not secret: a
/// token, key or e-mail never goes into an attribute); a span in another trace than its order's links to it.
/// </summary>
public static class StoreTracing
{
    public const string SourceName = "CheapTokens.Store";
    public const string OrderIdTag = "cheaptokens.order.id";

    public static readonly ActivitySource Source = new(SourceName);

    // Which trace each recent order began in, so later work on it (a webhook, a job, a restart's retry) links back.
    // Bounded: the oldest entries go first; a node that never saw the order has only the order id tag to go by.
    private const int Remembered = 10_000;
    private static readonly ConcurrentDictionary<Guid, ActivityContext> OrderTraces = new();
    private static readonly ConcurrentQueue<Guid> RememberedOrder = new();

    /// <summary>A span around work on one order, child of the current span; null when nobody listens.</summary>
    public static Activity? StartForOrder(string name, Guid orderId, ActivityKind kind = ActivityKind.Internal)
    {
        var activity = Source.StartActivity(name, kind);
        if (activity is null) return null;
        activity.SetTag(OrderIdTag, orderId.ToString());
        LinkToOrder(activity, orderId);
        return activity;
    }

    /// <summary>
    /// A span continuing work handed over with <paramref name="handedOff"/> (e.g. the provisioning line): its child,
    /// so the purchase stays one trace; a root when nothing was carried.
    /// </summary>
    public static Activity? StartHandedOff(string name, Guid orderId, ActivityContext handedOff)
    {
        var activity = Source.StartActivity(name, ActivityKind.Consumer, handedOff,
            tags: [new(OrderIdTag, orderId.ToString())]);
        if (activity is not null) LinkToOrder(activity, orderId);
        return activity;
    }

    /// <summary>A background job's run: its own trace.</summary>
    public static Activity? StartJob(string name)
    {
        // Not a child of whatever happened to schedule it.
        var previous = Activity.Current;
        Activity.Current = null;
        var activity = Source.StartActivity(name);
        if (activity is null) Activity.Current = previous;
        return activity;
    }

    /// <summary>The current span is about this order: tag it, and remember the trace for work that comes later.</summary>
    public static void TagOrder(Guid orderId, Product product)
    {
        if (Activity.Current is not { } current) return;
        current.SetTag(OrderIdTag, orderId.ToString());
        current.SetTag(StoreMetrics.ProductTag, product == Product.Pass ? "pass" : "credits");
        if (OrderTraces.TryAdd(orderId, current.Context))
        {
            RememberedOrder.Enqueue(orderId);
            while (RememberedOrder.Count > Remembered && RememberedOrder.TryDequeue(out var oldest)) OrderTraces.TryRemove(oldest, out _);
        }
    }

    /// <summary>The context the current flow carries into a hand-off (default when nothing is traced).</summary>
    public static ActivityContext CurrentContext => Activity.Current?.Context ?? default;

    private static void LinkToOrder(Activity activity, Guid orderId)
    {
        if (OrderTraces.TryGetValue(orderId, out var origin) && origin.TraceId != activity.TraceId)
            activity.AddLink(new ActivityLink(origin));
    }
}
