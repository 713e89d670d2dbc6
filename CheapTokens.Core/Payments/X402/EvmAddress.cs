using System.Text.RegularExpressions;
using Nethereum.Util;

namespace CheapTokens.Core.Payments.X402;

/// <summary>EVM address rules as x402 applies them: 0x and 40 hex digits; compared without regard to case.</summary>
public static partial class EvmAddress
{
    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex Shape();

    public static bool IsWellFormed(string? address) => address is not null && Shape().IsMatch(address);

    /// <summary>
    /// Well formed, and if written in mixed case, with a correct EIP-55 checksum: the check for an address the store
    /// itself is configured with, where a typo would send money nowhere.
    /// </summary>
    public static bool IsChecksumValidOrSingleCase(string? address)
    {
        if (!IsWellFormed(address)) return false;
        var digits = address![2..];
        if (digits == digits.ToLowerInvariant() || digits == digits.ToUpperInvariant()) return true;
        return AddressUtil.Current.IsChecksumAddress(address);
    }

    public static bool AreSame(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
