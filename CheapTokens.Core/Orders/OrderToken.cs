using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CheapTokens.Core.Orders;

/// <summary>The buyer's bearer secret for an order: 256 random bits, base64url without padding (43 characters).</summary>
public static class OrderToken
{
    private const int Bytes = 32;
    public const int Length = 43;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>
    /// What the store keeps instead of the token: SHA-256 of its UTF-8 bytes, lowercase hex (64 characters). The token
    /// carries 256 random bits, so a plain hash (no salt, no stretching) cannot be reversed or guessed.
    /// </summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Cheap shape check so garbage never reaches the database.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
