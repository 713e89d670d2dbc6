using System.Net;

namespace CheapTokens.Blazor.Checkout;

/// <summary>Who places an order: a buyer at an address, held to that address's limits, or a caller inside the store.</summary>
/// <param name="Limited">Held to the address's request and declined-payment limits (false for operator tools, start-up checks).</param>
public sealed record CheckoutCaller(IPAddress? Address, bool Limited)
{
    public static readonly CheckoutCaller Internal = new(null, Limited: false);

    public static CheckoutCaller Client(IPAddress? address) => new(address, Limited: true);
}
