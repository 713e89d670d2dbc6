using System.Numerics;

namespace CheapTokens.Core.Payments.X402;

/// <summary>
/// US dollars to USDC atomic units (millionths) and back. Conversion is exact or refused: the store asks the wallet
/// for precisely the quoted total, so a total finer than a millionth of a dollar is a bug upstream (quotes are
/// rounded to cents), not something to round away silently.
/// </summary>
public static class UsdcAmount
{
    private const decimal UnitsPerDollar = 1_000_000m;

    /// <summary>The number of atomic units in <paramref name="usd"/>; refuses amounts that are not whole units.</summary>
    public static BigInteger ToAtomicUnits(decimal usd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(usd);
        var units = usd * UnitsPerDollar;
        if (units != decimal.Truncate(units))
            throw new ArgumentException(
                $"{usd} USD is not a whole number of USDC atomic units (USDC has {X402Protocol.UsdcDecimals} decimals).", nameof(usd));
        return new BigInteger(units);
    }

    /// <summary>The dollars that <paramref name="atomicUnits"/> make; always exact within decimal's range.</summary>
    public static decimal ToUsd(BigInteger atomicUnits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(atomicUnits);
        if (atomicUnits > new BigInteger(decimal.MaxValue))
            throw new ArgumentOutOfRangeException(nameof(atomicUnits), atomicUnits, "More USDC than a decimal can hold.");
        return (decimal)atomicUnits / UnitsPerDollar;
    }
}
