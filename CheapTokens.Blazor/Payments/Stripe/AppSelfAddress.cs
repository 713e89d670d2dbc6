using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CheapTokens.Blazor.Payments.Stripe;

/// <summary>
/// The app's own address, for the parts that call the app itself (the Stripe client talking to the stand-in, the
/// stand-in sending webhooks): its first http listening address, wildcard hosts as 127.0.0.1, as the Venice client
/// resolves its relative base. Known only once the server listens.
/// </summary>
public sealed class AppSelfAddress(IServiceProvider services)
{
    /// <summary>The address plus <paramref name="path"/>, or null while the server is not listening.</summary>
    public Uri? TryResolve(string path)
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var self = addresses?.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses?.FirstOrDefault();
        if (self is null) return null;

        var binding = BindingAddress.Parse(self);
        var host = binding.Host is "0.0.0.0" or "[::]" or "+" or "*" ? "127.0.0.1" : binding.Host;
        return new Uri($"{binding.Scheme}://{host}:{binding.Port}{path}");
    }
}
