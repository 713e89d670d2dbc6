using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Admin;

public partial class OperatorConsoleTests
{
    /// <summary>The code an authenticator app shows at <paramref name="at"/> for <paramref name="base32Key"/> (RFC 6238: SHA-1, 30 s, 6 digits).</summary>
    private static string AuthenticatorCode(string base32Key, DateTimeOffset at)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(base32Key.ToUpperInvariant().Where(c => c != ' ' && c != '=')
            .Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        var key = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
        var step = at.ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0F;
        var value = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task WithTwoFactorOnTheRightPasswordAloneDoesNotSignInTheAuthenticatorsCodeDoes()
    {
        var (host, client) = await SignedInOperatorAsync();
        await using var _ = host;
        using var __ = client;
        var page = await client.GetStringAsync("/admin/two-factor");
        Assert.Contains("Off: a password alone signs you in.", page);
        var key = AuthenticatorKey().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.NotEmpty(key);

        var wrong = await PostFormAsync(client, "/admin/two-factor", "operator-two-factor-on", ("Input.Code", "000000"));
        Assert.Contains("That code is not the one the app shows now.", await wrong.Content.ReadAsStringAsync());
        // Codes are checked on the app's clock (here hours away from the wall clock), like every other time in the store.
        var wallClock = await PostFormAsync(client, "/admin/two-factor", "operator-two-factor-on", ("Input.Code", AuthenticatorCode(key, TimeProvider.System.GetUtcNow())));
        Assert.Contains("That code is not the one the app shows now.", await wallClock.Content.ReadAsStringAsync());
        var on = await PostFormAsync(client, "/admin/two-factor", "operator-two-factor-on", ("Input.Code", AuthenticatorCode(key, host.Clock.GetUtcNow())));
        Assert.Contains("Two-factor sign-in is on.", await on.Content.ReadAsStringAsync());

        using var fresh = Browser(host);
        var password = await PostFormAsync(fresh, "/admin/sign-in", "operator-sign-in", ("Input.Email", Email), ("Input.Password", NewPassword));
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Equal("/admin/sign-in/code", password.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.GetAsync("/admin")).StatusCode);

        var badCode = await PostFormAsync(fresh, "/admin/sign-in/code", "operator-sign-in-code", ("Input.Code", "000000"));
        Assert.Contains("Wrong code.", await badCode.Content.ReadAsStringAsync());
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        var code = await PostFormAsync(fresh, "/admin/sign-in/code", "operator-sign-in-code", ("Input.Code", AuthenticatorCode(key, host.Clock.GetUtcNow())));
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.Equal("/admin", code.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/admin")).StatusCode);

        var audit = await fresh.GetStringAsync("/admin/audit");
        Assert.Contains("with authenticator code", audit);
        Assert.Contains("two-factor", audit);
    }

    [Fact]
    public async Task TheCodePageWithoutARightPasswordFirstSendsToSignIn()
    {
        var (host, _) = await StartWithOperatorAsync();
        await using var __ = host;
        using var client = Browser(host);

        var response = await client.GetAsync("/admin/sign-in/code");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/sign-in", response.Headers.Location!.AbsolutePath);
    }

    [GeneratedRegex("data-testid=\"authenticator-key\">([a-z0-9 ]+)<")]
    private static partial Regex AuthenticatorKey();
}
