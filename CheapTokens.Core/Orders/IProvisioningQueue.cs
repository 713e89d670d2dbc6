namespace CheapTokens.Core.Orders;

/// <summary>
/// Hands a paid order to the key-provisioning worker. Best effort and fast: the database is the
/// durable record, so a worker must also pick up paid orders it finds there after a restart.
/// </summary>
public interface IProvisioningQueue
{
    void Enqueue(Guid orderId);
}
