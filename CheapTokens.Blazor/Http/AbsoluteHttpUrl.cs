namespace CheapTokens.Blazor.Http;

/// <summary>Reads an option that must be an absolute http(s) URL, as Venice's, Stripe's and the store's own addresses are.</summary>
public static class AbsoluteHttpUrl
{
    /// <summary>
    /// The URL when <paramref name="value"/> is an absolute http(s) URL. On Unix a bare path such as
    /// "/venice-sim/api/v1" also parses as an absolute (file://) URI, so the scheme is checked.
    /// </summary>
    public static Uri? Parse(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
}
