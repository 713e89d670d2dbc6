using CheapTokens.Core.Orders;

namespace CheapTokens.Blazor.Orders;

/// <summary>
/// The browser's list of its orders (for <c>/orders</c>): order tokens in one cookie that only the server writes and
/// reads. HttpOnly, so no page script (nor anything injected into a page) can harvest the tokens; Secure whenever
/// the request came over HTTPS (directly or through a trusted proxy); SameSite=Lax; newest first, bounded in count
/// (so in size: 50 × 44 characters, well under the 4 KB a browser keeps per cookie) and in age.
/// </summary>
public static class RememberedOrders
{
    public const string CookieName = "ct_orders";

    public const int MaxOrders = 50;

    /// <summary>Long enough to cover a whole pass (30 days on sale) and its receipt; refreshed on every purchase.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(60);

    private const char Separator = '.';

    /// <summary>The remembered tokens, newest first; anything that is not a well-formed token is dropped.</summary>
    public static IReadOnlyList<string> Read(HttpRequest request) =>
        (request.Cookies[CookieName] ?? "").Split(Separator, StringSplitOptions.RemoveEmptyEntries)
        .Where(OrderToken.IsWellFormed).Distinct(StringComparer.Ordinal).Take(MaxOrders).ToList();

    /// <summary>Puts <paramref name="token"/> first in the list (once) and sends the cookie back with this answer.</summary>
    public static void Remember(HttpContext context, string token)
    {
        if (!OrderToken.IsWellFormed(token)) throw new ArgumentException("Not an order token.", nameof(token));
        var tokens = Read(context.Request).Where(t => t != token).Prepend(token).Take(MaxOrders);
        context.Response.Cookies.Append(CookieName, string.Join(Separator, tokens), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = Lifetime,
            IsEssential = true,
        });
    }
}
