using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Venice;

/// <summary>
/// Which order the Venice calls in this async flow are made for. Provisioning, refunds, revocations and the sweep set
/// it around their calls; calls made outside any order (pool refills, usage shown on a page) are not recorded.
/// </summary>
public static class VeniceCallScope
{
    private static readonly AsyncLocal<Guid?> Order = new();

    public static Guid? CurrentOrderId => Order.Value;

    public static IDisposable ForOrder(Guid orderId)
    {
        var previous = Order.Value;
        Order.Value = orderId;
        return new Restore(previous);
    }

    private sealed class Restore(Guid? previous) : IDisposable
    {
        public void Dispose() => Order.Value = previous;
    }
}
