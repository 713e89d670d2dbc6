namespace CheapTokens.Core.Orders;

/// <summary>
/// Hands a paid order to the key-provisioning worker. Best effort and fast: the database is the
/// durable record, so a worker must also pick up paid orders it finds there after a restart.
/// </summary>
public interface IProvisioningQueue
{
    void Enqueue(Guid orderId);

    /// <summary>A person asks for the order now: into the line even while it waits out a retry delay.</summary>
    void EnqueueNow(Guid orderId) => Enqueue(orderId);

    /// <summary>The order's place in line, or null when it is not waiting.</summary>
    QueuePlace? PlaceOf(Guid orderId);
}

/// <summary>Where a paid order waits: its place in line (0 = next) and a rough wait.</summary>
public sealed record QueuePlace(int Position, TimeSpan EstimatedWait);
