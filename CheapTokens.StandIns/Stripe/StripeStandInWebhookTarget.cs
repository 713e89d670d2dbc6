using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CheapTokens.StandIns.Stripe;

/// <summary>
/// Where the stand-in sends its events: <see cref="StripeStandInOptions.WebhookUrl"/> when set, else the host's own
/// webhook path at the host's first http listening address (a wildcard host becomes 127.0.0.1), known only once the
/// server listens.
/// </summary>
public sealed class StripeStandInWebhookTarget(IOptions<StripeStandInOptions> options, IServer server, string hostWebhookPath)
{
    /// <summary>The URL to post events to, or null while the server is not listening yet.</summary>
    public Uri? TryResolve()
    {
        if (AbsoluteHttpUrl(options.Value.WebhookUrl) is { } configured) return configured;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        var bound = addresses?.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses?.FirstOrDefault();
        if (bound is null) return null;
        var binding = BindingAddress.Parse(bound);
        var host = binding.Host is "0.0.0.0" or "[::]" or "+" or "*" ? "127.0.0.1" : binding.Host;
        return new Uri(new Uri($"{binding.Scheme}://{host}:{binding.Port}/"), hostWebhookPath);
    }

    /// <summary>
    /// The URL when <paramref name="value"/> is an absolute http(s) URL (on Unix a bare path also parses as an absolute
    /// file:// URI, so the scheme is checked).
    /// </summary>
    public static Uri? AbsoluteHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
}
