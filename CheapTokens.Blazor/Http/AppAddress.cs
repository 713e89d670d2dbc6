using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CheapTokens.Blazor.Http;

/// <summary>
/// The address this app is reachable at, known only once the server listens. <see cref="TryResolve"/> is how the app
/// calls itself (the Venice simulator, the Stripe stand-in, the payment sandbox and the stand-in's webhooks):
/// its first http listening address. <see cref="PublicBaseUrl"/> is where buyers are sent (receipts): a configured
/// public address, else the first address bound. Wildcard hosts become 127.0.0.1 in both, as neither a client nor a
/// browser can open them.
/// </summary>
public sealed class AppAddress(IServiceProvider services)
{
    /// <summary>The app's own address plus <paramref name="path"/>, or null while the server is not listening.</summary>
    public Uri? TryResolve(string path = "/") => Listening(preferHttp: true) is { } self ? new Uri(self, path) : null;

    /// <summary>
    /// <paramref name="configured"/> (an absolute URL) when set, else the first address the server bound; without a
    /// trailing slash, so a path can follow.
    /// </summary>
    public string PublicBaseUrl(string? configured) =>
        !string.IsNullOrWhiteSpace(configured)
            ? configured.TrimEnd('/')
            : (Listening(preferHttp: false)?.GetLeftPart(UriPartial.Authority) ?? "http://localhost");

    private Uri? Listening(bool preferHttp)
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var bound = (preferHttp ? addresses?.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) : null)
                    ?? addresses?.FirstOrDefault();
        if (bound is null) return null;

        var binding = BindingAddress.Parse(bound);
        var host = binding.Host is "0.0.0.0" or "[::]" or "+" or "*" ? "127.0.0.1" : binding.Host;
        return new Uri($"{binding.Scheme}://{host}:{binding.Port}/");
    }
}
