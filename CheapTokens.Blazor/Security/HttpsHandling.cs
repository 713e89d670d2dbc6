using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Security;

/// <summary>
/// The public scheme decides: HSTS on HTTPS answers and Secure cookies on HTTPS requests, where "HTTPS" is what a
/// trusted front says in X-Forwarded-Proto (<c>RateLimits:TrustedProxies</c>) or the connection itself. Plain-http
/// requests are redirected (308) only when the app listens on an https:// address itself and no front stands before
/// it: behind a front, sending people to HTTPS is the front's job, since the app cannot tell a plain-HTTP front from
/// one that also serves HTTPS. A node's own calls to its stand-ins and webhook are never redirected.
/// </summary>
public static class HttpsHandling
{
    public static IServiceCollection AddHttpsHandling(this IServiceCollection services)
    {
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        services.Configure<HttpsRedirectionOptions>(https => https.RedirectStatusCode = StatusCodes.Status308PermanentRedirect);
        // Its default never marks the cookie Secure; over HTTPS (as the front says) it should be.
        services.Configure<AntiforgeryOptions>(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>After <see cref="RateLimits.UseTrustedForwardedHeaders"/>, so a front's X-Forwarded-Proto counts.</summary>
    /// <param name="ownCallPaths">Where the node calls itself over plain http (its stand-ins), besides its webhook.</param>
    public static IApplicationBuilder UseHttpsHandling(this IApplicationBuilder app, params string[] ownCallPaths)
    {
        var services = app.ApplicationServices;
        var behindFront = services.GetRequiredService<IOptions<RateLimitOptions>>().Value.TrustedProxies.Count > 0;
        var server = services.GetRequiredService<IServer>();
        // The bound addresses are known only once the server has started.
        var listensOnHttps = new Lazy<bool>(() => server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Any(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ?? false);

        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        var environment = services.GetRequiredService<IHostEnvironment>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpsHandling));
        lifetime.ApplicationStarted.Register(() =>
        {
            if (environment.IsProduction() && !behindFront && !listensOnHttps.Value)
            {
                logger.LogWarning("Serving plain HTTP in Production with no trusted proxy (RateLimits:TrustedProxies): order links, keys and " +
                                  "the operator's sign-in cross the network unencrypted. Listen on https:// (ASPNETCORE_URLS with a " +
                                  "Kestrel certificate), or put a TLS-terminating front before the app and list its address in RateLimits:TrustedProxies.");
            }
        });

        // HSTS only ever goes on HTTPS answers (and never for localhost).
        app.UseHsts();
        return app.UseWhen(context => !behindFront && listensOnHttps.Value && !IsOwnCall(context, ownCallPaths), https => https.UseHttpsRedirection());
    }

    /// <summary>
    /// The node calling itself at its own http address: its Venice, Stripe and sandbox clients calling the stand-ins, the
    /// stand-in sending webhooks. Redirected, they would go to an https port and lose their Authorization header.
    /// </summary>
    private static bool IsOwnCall(HttpContext context, string[] ownCallPaths) =>
        context.Connection.RemoteIpAddress is { } caller && System.Net.IPAddress.IsLoopback(caller)
        && (ownCallPaths.Any(path => context.Request.Path.StartsWithSegments(path))
            || context.Request.Path.StartsWithSegments("/webhooks"));
}
