using System.Text;
using System.Text.Json.Nodes;
using CheapTokens.Core.Payments.X402;

namespace CheapTokens.Tests.Payments.X402;

public class PaymentHeaderDecoderTests
{
    private const string From = "0xb923Bc09e547fB66B54276329094f04DcD322A0e";
    private const string To = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";
    private const string Nonce = "0xaffabf91d6ba2ff7abf2af147321ecefce7a0681cfb2f49ab9b625ed58c3c9f4";
    private static readonly string Signature = "0x" + new string('a', 128) + "1b";

    private static JsonObject Payload() => new()
    {
        ["x402Version"] = 1,
        ["scheme"] = "exact",
        ["network"] = "base-sepolia",
        ["payload"] = new JsonObject
        {
            ["signature"] = Signature,
            ["authorization"] = new JsonObject
            {
                ["from"] = From,
                ["to"] = To,
                ["value"] = "1250000",
                ["validAfter"] = "1796681052",
                ["validBefore"] = "1796681952",
                ["nonce"] = Nonce,
            },
        },
    };

    private static string Header(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    private static string Header(Action<JsonObject> change)
    {
        var payload = Payload();
        change(payload);
        return Header(payload.ToJsonString());
    }

    private static JsonObject Authorization(JsonObject payload) => payload["payload"]!["authorization"]!.AsObject();

    [Fact]
    public void WellFormedHeaderDecodesToItsPayment()
    {
        var decoding = PaymentHeaderDecoder.Decode(Header(_ => { }));

        Assert.True(decoding.IsDecoded, decoding.Refusal?.Message);
        Assert.Equal(
            new X402Payment("exact", "base-sepolia", new TransferAuthorization(From, To, 1_250_000, 1_796_681_052, 1_796_681_952, Nonce), Signature),
            decoding.Payment);
    }

    [Fact]
    public void UnknownFieldsAreIgnoredAsX402Does()
    {
        Assert.True(PaymentHeaderDecoder.Decode(Header(p => p["extension"] = "anything")).IsDecoded);
    }

    public static TheoryData<string, string, string> Malformed() => new()
    {
        { "missing", "", "missing" },
        { "not base64", "not base64!", "not base64" },
        { "not UTF-8", Convert.ToBase64String([0xff, 0xfe, 0xfd]), "UTF-8" },
        { "not JSON", Header("{\"x402Version\":1,"), "does not decode to JSON" },
        { "a JSON array", Header("[1,2]"), "not an object" },
        { "a number for a string", Header(p => Authorization(p)["value"] = 1250000), "wrong type at $.payload.authorization.value" },
        { "no version", Header(p => p.Remove("x402Version")), "no x402Version" },
        { "no scheme", Header(p => p.Remove("scheme")), "no scheme" },
        { "no network", Header(p => p.Remove("network")), "no network" },
        { "no payload", Header(p => p.Remove("payload")), "no payload" },
        { "no signature", Header(p => p["payload"]!.AsObject().Remove("signature")), "no signature" },
        { "signature not hex", Header(p => p["payload"]!["signature"] = "0xzz"), "signature is not 0x-prefixed hex" },
        { "signature without 0x", Header(p => p["payload"]!["signature"] = Signature[2..]), "signature is not 0x-prefixed hex" },
        { "signature of half a byte", Header(p => p["payload"]!["signature"] = Signature + "1"), "signature is not 0x-prefixed hex" },
        { "no authorization", Header(p => p["payload"]!.AsObject().Remove("authorization")), "no authorization" },
        { "no from", Header(p => Authorization(p).Remove("from")), "no 'from' address" },
        { "from too short", Header(p => Authorization(p)["from"] = From[..40]), "'from' is not an address" },
        { "to not hex", Header(p => Authorization(p)["to"] = "0x" + new string('g', 40)), "'to' is not an address" },
        { "no value", Header(p => Authorization(p).Remove("value")), "no 'value'" },
        { "negative value", Header(p => Authorization(p)["value"] = "-1"), "'value' is not a whole number" },
        { "fractional value", Header(p => Authorization(p)["value"] = "1.5"), "'value' is not a whole number" },
        { "hex value", Header(p => Authorization(p)["value"] = "0x10"), "'value' is not a whole number" },
        { "value of 19 digits", Header(p => Authorization(p)["value"] = "1000000000000000000"), "more than 18 digits" },
        { "validAfter not a number", Header(p => Authorization(p)["validAfter"] = "soon"), "'validAfter' is not a whole number" },
        { "validBefore past 256 bits", Header(p => Authorization(p)["validBefore"] = new string('9', 80)), "'validBefore' does not fit in 256 bits" },
        { "no nonce", Header(p => Authorization(p).Remove("nonce")), "no nonce" },
        { "nonce too short", Header(p => Authorization(p)["nonce"] = Nonce[..64]), "nonce is not 0x followed by 64 hex digits" },
        { "nonce not hex", Header(p => Authorization(p)["nonce"] = "0x" + new string('x', 64)), "nonce is not 0x followed by 64 hex digits" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedHeaderIsRefusedAsAnInvalidPayloadSayingWhatIsWrong(string malformation, string header, string said)
    {
        var decoding = PaymentHeaderDecoder.Decode(header);

        Assert.False(decoding.IsDecoded, $"a header that is {malformation} was decoded");
        Assert.Equal(X402ErrorReasons.InvalidPayload, decoding.Refusal.Code);
        Assert.Contains(said, decoding.Refusal.Message);
    }

    [Fact]
    public void HeaderLongerThanAnyRealPaymentIsRefusedUnread()
    {
        var decoding = PaymentHeaderDecoder.Decode(Header(p => p["padding"] = new string('x', PaymentHeaderDecoder.MaxHeaderLength)));

        Assert.Equal(X402ErrorReasons.InvalidPayload, decoding.Refusal?.Code);
        Assert.Contains("longer than", decoding.Refusal!.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public void HeaderOfAnotherProtocolVersionIsRefusedAsSuch(int version)
    {
        var decoding = PaymentHeaderDecoder.Decode(Header(p => p["x402Version"] = version));

        Assert.Equal(X402ErrorReasons.InvalidX402Version, decoding.Refusal?.Code);
        Assert.Contains($"version {version}", decoding.Refusal!.Message);
    }

    [Fact]
    public void HeaderOfAnotherSchemeIsRefusedAsUnsupported()
    {
        var decoding = PaymentHeaderDecoder.Decode(Header(p => p["scheme"] = "upto"));

        Assert.Equal(X402ErrorReasons.UnsupportedScheme, decoding.Refusal?.Code);
        Assert.Contains("'upto'", decoding.Refusal!.Message);
    }
}
