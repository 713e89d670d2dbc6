using System.Globalization;
using System.Numerics;

namespace CheapTokens.Core.Payments.X402;

/// <summary>
/// The store's own check of a decoded payment against the requirement it offered, before anything is settled. The
/// checks and their order are the x402 facilitator's for the <c>exact</c> EVM scheme (scheme, network, signature,
/// recipient, deadline, start, amount); the balance check is the facilitator's to make, on chain. Unlike the
/// facilitator, which only refuses too little, the value must equal the amount asked: the store records what it
/// quoted, and an authorization for more would move more than that.
/// </summary>
public static class X402PaymentVerifier
{
    /// <summary>
    /// The facilitator refuses an authorization that expires within 6 seconds of now (a few Base blocks), so that the
    /// settling transaction can land before the deadline; the store refuses the same ones rather than accept a payment
    /// the facilitator will turn down.
    /// </summary>
    public static readonly TimeSpan ValidBeforeMargin = TimeSpan.FromSeconds(6);

    /// <summary>A plain ECDSA signature: r, s and v. Longer ones come from contract wallets (ERC-1271/6492).</summary>
    private const int SignatureLength = 65;

    /// <summary>secp256k1's group order: r and s lie in [1, n).</summary>
    private static readonly BigInteger CurveOrder = BigInteger.Parse(
        "0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>USDC's contract refuses signatures with s above half the order, the malleable twin of each signature.</summary>
    private static readonly BigInteger HalfCurveOrder = CurveOrder / 2;

    public static X402Verification Verify(X402Payment payment, PaymentRequirements offered, X402Network network, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(network);
        var authorization = payment.Authorization;

        if (offered.Network != network.Name || !EvmAddress.AreSame(offered.Asset, network.AssetAddress))
            return X402Verification.Refused(X402ErrorReasons.InvalidPaymentRequirements,
                $"The requirement offered is for {offered.Network} and {offered.Asset}, not for {network.Name}'s token {network.AssetAddress}.");
        if (payment.Scheme != X402Protocol.ExactScheme || offered.Scheme != X402Protocol.ExactScheme)
            return X402Verification.Refused(X402ErrorReasons.UnsupportedScheme,
                $"The payment uses the scheme '{payment.Scheme}'; this store takes only '{X402Protocol.ExactScheme}'.");
        if (payment.Network != offered.Network)
            return X402Verification.Refused(X402ErrorReasons.InvalidNetwork,
                $"The payment is for the network '{payment.Network}'; this store takes payment on '{offered.Network}'.");

        if (SignatureProblem(payment.Signature) is { } problem)
            return X402Verification.Refused(X402ErrorReasons.InvalidSignature, problem);
        var domain = TransferAuthorizationTypedData.DomainOf(
            network, offered.Asset, offered.Extra?.Name ?? network.AssetDomainName, offered.Extra?.Version ?? network.AssetDomainVersion);
        string? signer;
        try
        {
            signer = TransferAuthorizationTypedData.RecoverSigner(domain, authorization, payment.Signature);
        }
        catch (Exception)
        {
            // Nethereum reports a signature no key could have made by throwing, for some inputs a NullReferenceException.
            signer = null;
        }
        if (signer is null || !EvmAddress.AreSame(signer, authorization.From))
            return X402Verification.Refused(X402ErrorReasons.InvalidSignature,
                $"The signature was not made by {authorization.From} over this authorization for {domain.Name} on chain {domain.ChainId}.");

        if (!EvmAddress.AreSame(authorization.To, offered.PayTo))
            return X402Verification.Refused(X402ErrorReasons.RecipientMismatch,
                $"The authorization pays {authorization.To}; this store is paid at {offered.PayTo}.");

        var nowSeconds = now.ToUnixTimeSeconds();
        if (authorization.ValidBefore < nowSeconds + (long)ValidBeforeMargin.TotalSeconds)
            return X402Verification.Refused(X402ErrorReasons.AuthorizationValidBefore,
                $"The authorization expires at {Describe(authorization.ValidBefore)}, less than {ValidBeforeMargin.TotalSeconds:0} seconds after now ({now.UtcDateTime:O}).");
        if (authorization.ValidAfter > nowSeconds)
            return X402Verification.Refused(X402ErrorReasons.AuthorizationValidAfter,
                $"The authorization is not valid until {Describe(authorization.ValidAfter)}; it is now {now.UtcDateTime:O}.");

        var asked = BigInteger.Parse(offered.MaxAmountRequired, NumberStyles.None, CultureInfo.InvariantCulture);
        if (authorization.Value != asked)
            return X402Verification.Refused(X402ErrorReasons.AuthorizationValue,
                $"The authorization is for {authorization.Value} atomic units; the store asked exactly {asked}.");

        return X402Verification.Accepted(authorization.From);
    }

    private static string? SignatureProblem(string signature)
    {
        // Decoded payments were checked already; one built by hand may not have been.
        if (!signature.StartsWith("0x", StringComparison.Ordinal) || signature.Length % 2 != 0
            || !signature.Skip(2).All(char.IsAsciiHexDigit))
            return "The signature is not 0x-prefixed hex of whole bytes.";
        var bytes = Convert.FromHexString(signature.AsSpan(2));
        if (bytes.Length > SignatureLength)
            return "The signature is longer than 65 bytes: contract-wallet signatures cannot be checked here and are not accepted.";
        if (bytes.Length != SignatureLength)
            return $"The signature is {bytes.Length} bytes; a transfer authorization is signed with 65.";
        if (bytes[64] is not (27 or 28))
            return "The signature's recovery byte is not 27 or 28, which USDC's contract requires.";
        var r = new BigInteger(bytes.AsSpan(0, 32), isUnsigned: true, isBigEndian: true);
        var s = new BigInteger(bytes.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        if (r.IsZero || r >= CurveOrder || s.IsZero)
            return "The signature's r or s is outside the range a signature can have.";
        return s > HalfCurveOrder ? "The signature's s value is in the upper half of the curve order, which USDC's contract refuses." : null;
    }

    private static string Describe(BigInteger unixSeconds) =>
        unixSeconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds((long)unixSeconds).UtcDateTime.ToString("O", CultureInfo.InvariantCulture)
            : $"Unix time {unixSeconds}";
}
