using Microsoft.Extensions.Hosting;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Core.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Support;

/// <summary>Hooks for <see cref="StoreHost.StartAsync"/> that swap a service of the app for a test double.</summary>
public static class TestDoubles
{
    /// <summary>Paid orders are recorded instead of provisioned, and receipts kept instead of logged.</summary>
    public static void RecordPaidOrders(IServiceCollection services)
    {
        // Nothing provisions here: without this, the worker's start-up scan for unfinished orders could pick up an
        // order a test placed right after start and mint it before the test looks.
        var worker = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(ProvisioningWorker)).ToList();
        Assert.Single(worker);
        foreach (var descriptor in worker) services.Remove(descriptor);
        services.AddSingleton<RecordingProvisioningQueue>();
        services.AddSingleton<IProvisioningQueue>(sp => sp.GetRequiredService<RecordingProvisioningQueue>());
        services.AddSingleton<RecordingReceiptSender>();
        services.AddSingleton<IReceiptSender>(sp => sp.GetRequiredService<RecordingReceiptSender>());
    }
}

/// <summary>Remembers what was handed to provisioning instead of minting anything.</summary>
public sealed class RecordingProvisioningQueue : IProvisioningQueue
{
    private readonly List<Guid> _orders = [];

    public IReadOnlyList<Guid> Orders
    {
        get
        {
            lock (_orders) return _orders.ToList();
        }
    }

    public void Enqueue(Guid orderId)
    {
        lock (_orders) _orders.Add(orderId);
    }

    public QueuePlace? PlaceOf(Guid orderId) => null;
}

/// <summary>Keeps the receipts the store would have emailed.</summary>
public sealed class RecordingReceiptSender : IReceiptSender
{
    private readonly List<OrderReceipt> _sent = [];

    public IReadOnlyList<OrderReceipt> Sent
    {
        get
        {
            lock (_sent) return _sent.ToList();
        }
    }

    public Task SendAsync(OrderReceipt receipt, CancellationToken cancellationToken)
    {
        lock (_sent) _sent.Add(receipt);
        return Task.CompletedTask;
    }
}
