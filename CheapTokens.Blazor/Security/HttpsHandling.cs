using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Security;

/// <summary>
/// HTTPS when there is HTTPS to send people to: the app listens on an https:// address itself, or runs behind a
/// TLS-terminating proxy named in <c>RateLimits:TrustedProxies</c>. Then plain-http requests are redirected (308)
/// and HTTPS answers carry HSTS. Without either (the default <c>dotnet run</c> on http://localhost) nothing changes.
/// </summary>
public static class HttpsHandling
{
    /// <summary>The public HTTPS port behind a proxy when none is configured (ASPNETCORE_HTTPS_PORT).</summary>
    public const int DefaultProxiedHttpsPort = 443;

    public static IServiceCollection AddHttpsHandling(this IServiceCollection services)
    {
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<RateLimitOptions>, IConfiguration>((https, limits, configuration) =>
        {
            https.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
            // Behind a proxy the app cannot see the public HTTPS port: the standard one unless configured.
            if (limits.Value.TrustedProxies.Count > 0 && https.HttpsPort is null && string.IsNullOrEmpty(configuration["HTTPS_PORT"]))
                https.HttpsPort = DefaultProxiedHttpsPort;
        });
        return services;
    }

    /// <summary>After <see cref="RateLimits.UseTrustedForwardedHeaders"/>, so a proxy's X-Forwarded-Proto counts.</summary>
    public static IApplicationBuilder UseHttpsHandling(this IApplicationBuilder app)
    {
        var behindProxy = app.ApplicationServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.TrustedProxies.Count > 0;
        var server = app.ApplicationServices.GetRequiredService<IServer>();
        // The bound addresses are known only once the server has started: decide on the first request.
        var servesHttps = new Lazy<bool>(() => behindProxy || (server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Any(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ?? false));
        return app.UseWhen(_ => servesHttps.Value, https =>
        {
            // HSTS goes on HTTPS answers only, and never for localhost.
            https.UseHsts();
            https.UseHttpsRedirection();
        });
    }
}
