using System.Threading.Channels;
using CheapTokens.Core.Orders;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// In-memory hand-off to the provisioning worker. Not durable: after a restart the worker must find paid
/// orders in the database (<see cref="Orders.OrderFulfillment.ListUnfinishedOrderIdsAsync"/>).
/// </summary>
public sealed class ChannelProvisioningQueue : IProvisioningQueue
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<Guid> Reader => _channel.Reader;

    public void Enqueue(Guid orderId) => _channel.Writer.TryWrite(orderId);
}
