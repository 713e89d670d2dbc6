using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace CheapTokens.Blazor.Admin;

/// <summary>
/// Authenticator (TOTP) codes checked on the app's <see cref="TimeProvider"/>, like every other time in the store:
/// Identity's own provider reads the wall clock. Same rules as Identity's: RFC 6238 with HMAC-SHA1, 30-second steps,
/// 6 digits, the key as the authenticator app got it (base32), and two steps either side for clock drift.
/// A code is accepted once: the time step of the last accepted code is kept with the operator (an Identity user token),
/// and a code of that step or an earlier one fails, so a code seen over a shoulder or in a log cannot be replayed
/// within its window. Two requests racing with the same code both find the old step, but only one can save the new
/// one (the account's concurrency stamp), so only one is accepted.
/// </summary>
public sealed class AppClockAuthenticatorTokenProvider<TUser>(TimeProvider clock) : IUserTwoFactorTokenProvider<TUser> where TUser : class
{
    private const int StepSeconds = 30;
    private const int DriftSteps = 2;

    /// <summary>Where the last accepted time step is kept, in the account's tokens.</summary>
    public const string StepTokenProvider = "CheapTokens";
    public const string StepTokenName = "LastAcceptedTotpStep";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<TUser> manager, TUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The code comes from the operator's app, never from the store.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<TUser> manager, TUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<TUser> manager, TUser user)
    {
        if (token is not { Length: 6 } || !token.All(char.IsAsciiDigit)) return false;
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || Base32(key) is not { Length: > 0 } secret) return false;
        var step = clock.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        long? matched = null;
        // Every step is compared (no early exit), so the time taken does not say which one matched.
        for (var i = -DriftSteps; i <= DriftSteps; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(secret, step + i)), System.Text.Encoding.ASCII.GetBytes(token)))
                matched = step + i;
        }
        if (matched is not { } accepted) return false;
        var last = await manager.GetAuthenticationTokenAsync(user, StepTokenProvider, StepTokenName);
        if (long.TryParse(last, NumberStyles.Integer, CultureInfo.InvariantCulture, out var lastStep) && accepted <= lastStep) return false;
        var saved = await manager.SetAuthenticationTokenAsync(user, StepTokenProvider, StepTokenName, accepted.ToString(CultureInfo.InvariantCulture));
        return saved.Succeeded;
    }

    /// <summary>The code for one time step (RFC 6238 / RFC 4226 dynamic truncation).</summary>
    public static string Code(byte[] secret, long step)
    {
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = HMACSHA1.HashData(secret, counter);
        var offset = hash[^1] & 0x0F;
        var value = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 base32 (spaces and padding ignored, any case); null when it holds another character.</summary>
    public static byte[]? Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '=') continue;
            var value = alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0) return null;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits < 8) continue;
            bits -= 8;
            bytes.Add((byte)(buffer >> bits));
            buffer &= (1 << bits) - 1;
        }
        return bytes.ToArray();
    }
}
