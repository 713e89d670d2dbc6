using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CheapTokens.Core.Payments.X402;

/// <summary>
/// Reads an <c>X-PAYMENT</c> header (base64 of the JSON payment payload) into an <see cref="X402Payment"/>, applying
/// the field rules of x402's <c>PaymentPayloadSchema</c> for EVM networks. Each way a header can be malformed gets its
/// own sentence; the code is x402's: <c>invalid_x402_version</c>, <c>unsupported_scheme</c>, otherwise
/// <c>invalid_payload</c>. Whether the payment fits what the store offered is <see cref="X402PaymentVerifier"/>'s job.
/// </summary>
public static partial class PaymentHeaderDecoder
{
    /// <summary>x402 caps <c>value</c> at 18 digits (<c>EvmMaxAtomicUnits</c>).</summary>
    public const int MaxValueDigits = 18;

    /// <summary>
    /// Far above any real header (about 600 characters); keeps a hostile one from being decoded at all.
    /// </summary>
    public const int MaxHeaderLength = 8 * 1024;

    private static readonly BigInteger MaxUint256 = (BigInteger.One << 256) - 1;

    [GeneratedRegex("^0x[0-9a-fA-F]{64}$")]
    private static partial Regex Bytes32Hex();

    [GeneratedRegex("^0x[0-9a-fA-F]+$")]
    private static partial Regex SignatureHex();

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex Digits();

    public static PaymentHeaderDecoding Decode(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
            return Invalid("The X-PAYMENT header is missing or empty.");
        if (header.Length > MaxHeaderLength)
            return Invalid($"The X-PAYMENT header is longer than {MaxHeaderLength} characters.");

        var bytes = new byte[header.Length];
        if (!Convert.TryFromBase64String(header.Trim(), bytes, out var length))
            return Invalid("The X-PAYMENT header is not base64.");

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return Invalid("The X-PAYMENT header does not decode to UTF-8 text.");
        }

        PaymentPayload? wire;
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
                return Invalid("The X-PAYMENT header decodes to JSON that is not an object.");
            try
            {
                wire = json.RootElement.Deserialize<PaymentPayload>(X402Json.Options)!;
            }
            catch (JsonException e)
            {
                return Invalid($"The X-PAYMENT header's JSON has a value of the wrong type at {e.Path}.");
            }
        }
        catch (JsonException)
        {
            return Invalid("The X-PAYMENT header does not decode to JSON.");
        }

        if (wire.X402Version is null)
            return Invalid("The payment has no x402Version.");
        if (wire.X402Version != X402Protocol.Version)
            return PaymentHeaderDecoding.Refused(X402ErrorReasons.InvalidX402Version,
                $"The payment is for x402 version {wire.X402Version}; this store speaks version {X402Protocol.Version}.");
        if (string.IsNullOrEmpty(wire.Scheme))
            return Invalid("The payment has no scheme.");
        if (wire.Scheme != X402Protocol.ExactScheme)
            return PaymentHeaderDecoding.Refused(X402ErrorReasons.UnsupportedScheme,
                $"The payment uses the scheme '{wire.Scheme}'; this store takes only '{X402Protocol.ExactScheme}'.");
        if (string.IsNullOrEmpty(wire.Network))
            return Invalid("The payment has no network.");
        if (wire.Payload is null)
            return Invalid("The payment has no payload.");

        var signature = wire.Payload.Signature;
        if (string.IsNullOrEmpty(signature))
            return Invalid("The payment has no signature.");
        if (!SignatureHex().IsMatch(signature) || signature.Length % 2 != 0)
            return Invalid("The payment's signature is not 0x-prefixed hex of whole bytes.");

        var authorization = wire.Payload.Authorization;
        if (authorization is null)
            return Invalid("The payment has no authorization.");

        if (Address(authorization.From, "from") is { } badFrom) return badFrom;
        if (Address(authorization.To, "to") is { } badTo) return badTo;
        if (Number(authorization.Value, "value", out var value) is { } badValue) return badValue;
        if (authorization.Value!.Length > MaxValueDigits)
            return Invalid($"The authorization's value has more than {MaxValueDigits} digits.");
        if (Number(authorization.ValidAfter, "validAfter", out var validAfter) is { } badAfter) return badAfter;
        if (Number(authorization.ValidBefore, "validBefore", out var validBefore) is { } badBefore) return badBefore;
        if (string.IsNullOrEmpty(authorization.Nonce))
            return Invalid("The authorization has no nonce.");
        if (!Bytes32Hex().IsMatch(authorization.Nonce))
            return Invalid("The authorization's nonce is not 0x followed by 64 hex digits (32 bytes).");

        return PaymentHeaderDecoding.Decoded(new X402Payment(
            wire.Scheme,
            wire.Network,
            new TransferAuthorization(authorization.From!, authorization.To!, value, validAfter, validBefore, authorization.Nonce),
            signature));
    }

    private static PaymentHeaderDecoding Invalid(string message) =>
        PaymentHeaderDecoding.Refused(X402ErrorReasons.InvalidPayload, message);

    private static PaymentHeaderDecoding? Address(string? address, string field)
    {
        if (string.IsNullOrEmpty(address))
            return Invalid($"The authorization has no '{field}' address.");
        return EvmAddress.IsWellFormed(address)
            ? null
            : Invalid($"The authorization's '{field}' is not an address (0x and 40 hex digits).");
    }

    private static PaymentHeaderDecoding? Number(string? text, string field, out BigInteger number)
    {
        number = BigInteger.Zero;
        if (string.IsNullOrEmpty(text))
            return Invalid($"The authorization has no '{field}'.");
        if (!Digits().IsMatch(text))
            return Invalid($"The authorization's '{field}' is not a whole number written in decimal digits.");
        number = BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return number > MaxUint256 ? Invalid($"The authorization's '{field}' does not fit in 256 bits.") : null;
    }
}
