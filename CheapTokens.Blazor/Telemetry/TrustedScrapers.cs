using System.Net;

namespace CheapTokens.Blazor.Telemetry;

/// <summary>Who may read the metrics endpoint: loopback, plus configured addresses and networks.</summary>
public sealed class TrustedScrapers
{
    private readonly IReadOnlyList<IPNetwork> _networks;

    private TrustedScrapers(IReadOnlyList<IPNetwork> networks) => _networks = networks;

    /// <param name="allowed">IP addresses or CIDR networks (validated with the options).</param>
    public static TrustedScrapers From(IEnumerable<string> allowed) =>
        new(allowed.Select(entry => IPAddress.TryParse(entry, out var address)
            ? new IPNetwork(Normalize(address), address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : IPNetwork.Parse(entry)).ToList());

    public bool Allows(IPAddress? caller)
    {
        if (caller is null) return false;
        caller = Normalize(caller);
        return IPAddress.IsLoopback(caller) || _networks.Any(network => network.Contains(caller));
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
