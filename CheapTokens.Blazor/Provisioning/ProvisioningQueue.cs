using System.Diagnostics;
using System.Threading.Channels;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Provisioning;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// The line of paid orders waiting for their keys, in memory (the database is the durable record): orders come in
/// from checkout, the due-runs job and start-up, the worker takes them one at a time, and an order that failed for
/// a passing reason waits out Provisioning:RetryDelaySeconds before it may come back in.
/// </summary>
public sealed class ProvisioningQueue(KeyCreationPacer pacer, IOptions<ProvisioningOptions> options, TimeProvider clock) : IProvisioningQueue
{
    private readonly Channel<Guid> _signals = Channel.CreateUnbounded<Guid>();
    private readonly List<Guid> _line = [];
    private readonly HashSet<Guid> _backingOff = [];
    private readonly Dictionary<Guid, long> _enqueuedAt = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<Guid, ActivityContext> _tracedFrom = [];

    public void Enqueue(Guid orderId)
    {
        TaskCompletionSource arrived;
        lock (_line)
        {
            // An order waiting out its retry delay is not let in early (e.g. by the due-runs safety net).
            if (_line.Contains(orderId) || _backingOff.Contains(orderId)) return;
            _line.Add(orderId);
            _enqueuedAt[orderId] = clock.GetTimestamp();
            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _tracedFrom[orderId] = StoreTracing.CurrentContext; // the worker's span continues the trace that paid the order
        }
        _signals.Writer.TryWrite(orderId);
        arrived.TrySetResult();
    }

    /// <summary>Completes when the next order comes into the line.</summary>
    public Task NextArrival
    {
        get
        {
            lock (_line) return _arrived.Task;
        }
    }

    /// <summary>Every order this node means to work on: those in the line and those waiting out a retry delay.</summary>
    public IReadOnlyList<Guid> Holding()
    {
        lock (_line) return [.. _line, .. _backingOff.Except(_line)];
    }

    public void EnqueueNow(Guid orderId)
    {
        lock (_line) _backingOff.Remove(orderId);
        Enqueue(orderId);
    }

    public QueuePlace? PlaceOf(Guid orderId)
    {
        int position;
        lock (_line) position = _line.IndexOf(orderId);
        return position < 0 ? null : new QueuePlace(position, pacer.EstimateWait(position, clock.GetUtcNow()));
    }

    /// <summary>The orders in the order they came in, for the one worker that serves them.</summary>
    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken cancellationToken) => _signals.Reader.ReadAllAsync(cancellationToken);

    /// <summary>The worker is done with this order for now: it leaves the line.</summary>
    public void Leave(Guid orderId)
    {
        lock (_line)
        {
            _line.Remove(orderId);
            _enqueuedAt.Remove(orderId);
            _tracedFrom.Remove(orderId);
        }
    }

    /// <summary>Orders in the line now.</summary>
    public int Length
    {
        get { lock (_line) return _line.Count; }
    }

    /// <summary>The trace the order was put in the line from (default when none).</summary>
    public ActivityContext TracedFrom(Guid orderId)
    {
        lock (_line) return _tracedFrom.GetValueOrDefault(orderId);
    }

    /// <summary>How long the order has been in the line (zero when it is not in it): the worker logs it with the order's time.</summary>
    public TimeSpan TimeInLine(Guid orderId)
    {
        lock (_line) return _enqueuedAt.TryGetValue(orderId, out var since) ? clock.GetElapsedTime(since) : TimeSpan.Zero;
    }

    /// <summary>Lets the order back in after the retry delay (on the app's clock); not before, however often it is enqueued.</summary>
    public async Task RetryLaterAsync(Guid orderId, CancellationToken cancellationToken)
    {
        lock (_line) _backingOff.Add(orderId);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.Value.RetryDelaySeconds), clock, cancellationToken);
            lock (_line) _backingOff.Remove(orderId);
            Enqueue(orderId);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the order is picked up from the database at the next start.
        }
    }
}
