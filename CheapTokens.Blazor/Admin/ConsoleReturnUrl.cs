namespace CheapTokens.Blazor.Admin;

/// <summary>Where a sign-in may send the operator afterwards: a page of this console, nowhere else.</summary>
public static class ConsoleReturnUrl
{
    public const string Home = "/admin";

    /// <summary>
    /// <paramref name="returnUrl"/> when it is a local path to /admin or below it (with an optional query), else
    /// <see cref="Home"/>. Refused: absolute and scheme-relative URLs (<c>//evil</c>, <c>/\evil</c>), look-alikes such as
    /// <c>/admin.evil.com</c> or <c>/administrator</c>, dot segments (<c>/admin/../x</c>, also percent-encoded),
    /// backslashes, control characters and fragments.
    /// </summary>
    public static string Safe(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 2048) return Home;
        var queryStart = returnUrl.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? returnUrl : returnUrl[..queryStart];
        if (returnUrl.Any(c => char.IsControl(c) || c is '\\' or '#')) return Home;
        // Decoded once more than a browser would, so an encoded dot, slash or backslash cannot slip through.
        var decoded = Uri.UnescapeDataString(path);
        if (decoded.Any(c => char.IsControl(c) || c == '\\') || decoded.Contains("//", StringComparison.Ordinal)) return Home;
        if (decoded != Home && !decoded.StartsWith(Home + "/", StringComparison.Ordinal)) return Home;
        if (decoded.Split('/').Any(segment => segment is "." or "..")) return Home;
        return returnUrl;
    }
}
