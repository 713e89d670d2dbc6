namespace CheapTokens.Blazor.Security;

/// <summary>
/// Headers on every answer, pages and API alike. The policy allows only this origin's scripts (Blazor Server needs
/// no eval) and its own WebSocket; inline styles stay allowed because the component library sets style attributes.
/// Order pages carry a secret token in their URL, hence no referrer at all. Only when real Stripe is configured does
/// the policy let in stripe.js and its frames (js.stripe.com) and its calls to Stripe's API.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The policy with real Stripe: stripe.js, its iframes and its API calls are allowed, and nothing else more.</summary>
    public const string ContentSecurityPolicyWithStripe =
        "default-src 'self'; script-src 'self' https://js.stripe.com; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self' https://api.stripe.com; frame-src https://js.stripe.com https://hooks.stripe.com; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(self), usb=(), clipboard-write=(self)";

    /// <param name="realStripe">The store takes cards through real Stripe (not its stand-in), so stripe.js may load.</param>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, bool realStripe)
    {
        var policy = realStripe ? ContentSecurityPolicyWithStripe : ContentSecurityPolicy;
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
